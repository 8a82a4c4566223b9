import fc from 'fast-check';
import type { RequestSpec } from './fixtures';
import {
  type Body,
  BROKEN_JSON,
  CONTENT_TYPES,
  fieldName,
  isRecord,
  nasty,
  nastyText,
  near,
  toJson,
} from './hostile-values';

/**
 * Generated malformed requests (issue 3 "Hostile input"): wrong types, missing and
 * extra fields, huge strings and numbers, unicode, SQL and script fragments, wrong
 * content types, broken JSON, oversize bodies, odd path parameters and query strings.
 * Each one starts from a route's valid request (test/security/fixtures.ts) and breaks
 * some of it, so that it reaches past the first check.
 */

export interface HostileRequest {
  params: Record<string, string>;
  /** Already encoded, without the '?'. */
  query: string;
  headers: Record<string, string>;
  body?: string;
  /** What was done, for the failure message. */
  how: string[];
}

const mutate = (base: Body): fc.Arbitrary<{ body: Body; how: string }> => {
  const keys = Object.keys(base);
  const steps = fc.array(
    fc.oneof(
      keys.length
        ? fc.record({ op: fc.constant('drop'), key: fc.constantFrom(...keys) })
        : fc.constant(null),
      fc.record({ op: fc.constant('extra'), key: fieldName, value: nasty }),
      keys.length
        ? fc
            .constantFrom(...keys)
            .chain((key) =>
              fc
                .oneof(nasty, near(base[key]))
                .map((value) => ({ op: 'replace' as const, key, value })),
            )
        : fc.constant(null),
    ),
    { minLength: 1, maxLength: 3 },
  );
  return steps.map((list) => {
    const body: Body = { ...base };
    const how: string[] = [];
    for (const step of list) {
      if (!step) continue;
      if (step.op === 'drop') delete body[step.key];
      // An own property even for `__proto__`, so that the JSON carries it.
      else
        Object.defineProperty(body, step.key, {
          value: 'value' in step ? step.value : undefined,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      how.push(`${step.op} ${step.key}`);
    }
    return { body, how: how.join(', ') };
  });
};

function bodies(
  base: unknown,
  limit: number,
): fc.Arbitrary<{ body?: string; type?: string; how: string }> {
  const object: Body = isRecord(base) ? base : {};
  const json = 'application/json';
  return fc.oneof(
    mutate(object).map(({ body, how }) => ({
      body: toJson(body),
      type: json,
      how: `fields: ${how}`,
    })),
    fc
      .jsonValue({ maxDepth: 3 })
      .map((v) => ({ body: JSON.stringify(v) ?? 'null', type: json, how: 'any JSON' })),
    fc
      .oneof(
        fc.constantFrom(...BROKEN_JSON),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.nat(JSON.stringify(object).length).map((n) => JSON.stringify(object).slice(0, n)),
      )
      .map((body) => ({ body, type: json, how: 'broken JSON' })),
    fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.nat(3)).map(([type, n]) => ({
      body: n === 0 ? JSON.stringify(object) : n === 1 ? 'a=1&b=2' : '<a>1</a>',
      type,
      how: `content type ${type}`,
    })),
    fc.oneof(fc.constant(undefined), fc.constant(json)).map((type) => ({
      ...(type ? { type } : {}),
      how: 'no body',
    })),
    fc.integer({ min: limit + 1, max: limit * 2 }).map((n) => ({
      body: JSON.stringify({ ...object, pad: 'x'.repeat(n) }),
      type: json,
      how: `oversize ${n}`,
    })),
    fc.constant({ body: toJson(object), type: json, how: 'the valid body' }),
  );
}

const ODD_SEGMENTS = ['..', '.', '%', '%zz', '%00', '%2F', '%2e%2e', '%C0%AE', 'a%20b', '~', '@'];

/** A path segment, percent-encoded as UTF-8 (a lone surrogate becomes U+FFFD). */
const encodeSegment = (text: string) =>
  [...new TextEncoder().encode(text)]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** A path parameter: kept, or an odd one (raw or encoded). */
const param = (value: string) =>
  fc.oneof(
    fc.constant({ value: encodeURIComponent(value), how: '' }),
    fc.constantFrom(...ODD_SEGMENTS).map((v) => ({ value: v, how: `path ${v}` })),
    fc
      .oneof(
        nastyText,
        fc.integer({ min: 60, max: 5_000 }).map((n) => 'a'.repeat(n)),
      )
      .map((v) => ({
        value: encodeSegment(v),
        how: `path ${JSON.stringify(v.slice(0, 30))}`,
      })),
  );

const queryText = (base: Record<string, string>) =>
  fc.oneof(
    fc.constant({ query: new URLSearchParams(base).toString(), how: '' }),
    fc
      .dictionary(fc.oneof(fieldName, fc.constantFrom('limit', 'cursor')), nastyText, {
        maxKeys: 4,
      })
      .map((extra) => ({
        query: new URLSearchParams({ ...base, ...extra }).toString(),
        how: `query ${Object.keys(extra).join(',')}`,
      })),
    fc
      .constantFrom(
        'limit=1&limit=2',
        'limit=1e400',
        'limit=-1',
        'limit=0x10',
        'cursor[]=1',
        '%zz',
        '&&=&',
        `cursor=${'9'.repeat(70)}`,
        'limit=%00',
      )
      .map((query) => ({ query, how: `query ${query}` })),
  );

/** Idempotency keys: well-formed new ones (so the body reaches the route's own checks) and odd ones. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
  fc.stringMatching(/^[\x20-\x7e]{0,300}$/),
  fc.constantFrom(
    '',
    ' ',
    'a b',
    'x'.repeat(256),
    "key'--",
    '../../x',
    'ok-key',
    'clé',
    '\u00ff\u00fe',
  ),
);

/** Which parts of a request the route reads (its OpenAPI operation). */
export interface Reads {
  body: boolean;
  query: boolean;
  headers: boolean;
}

/**
 * Requests that break at least one part the route reads (a path parameter, its body,
 * query or headers), so that few are valid by chance; parts it ignores get junk too.
 */
export function hostileRequest(
  base: RequestSpec,
  paramNames: string[],
  reads: Reads & { bodyAllowed: boolean },
  limit: number,
): fc.Arbitrary<HostileRequest> {
  const params = fc.record(
    Object.fromEntries(paramNames.map((n) => [n, param(base.params?.[n] ?? '')])),
  );
  // A fresh well-formed key breaks nothing, but lets a broken body reach the route's own
  // rules instead of the answer stored for the valid request's key.
  const fresh = base.headers?.['idempotency-key'] !== undefined;
  const headers = fc.oneof(
    fc.constant({ headers: { ...base.headers }, how: '', breaks: false }),
    {
      weight: fresh ? 3 : 0,
      arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/).map((v) => ({
        headers: { ...base.headers, 'idempotency-key': v },
        how: '',
        breaks: false,
      })),
    },
    headerValue.map((v) => ({
      headers: { ...base.headers, 'idempotency-key': v },
      how: `key ${JSON.stringify(v.slice(0, 20))}`,
      breaks: true,
    })),
    fc.constant({ headers: {}, how: 'no headers', breaks: true }),
  );
  const body = reads.bodyAllowed ? bodies(base.body, limit) : fc.constant({ how: '' });
  const breakable = paramNames.length > 0 || reads.body || reads.query || reads.headers;
  return fc
    .record({ params, query: queryText(base.query ?? {}), headers, body })
    .filter(
      (r) =>
        !breakable ||
        Object.values(r.params).some((p) => p.how !== '') ||
        (reads.query && r.query.how !== '') ||
        (reads.headers && r.headers.breaks) ||
        (reads.body && r.body.how !== 'the valid body'),
    )
    .map((r) => {
      const hs: Record<string, string> = { ...r.headers.headers };
      if ('type' in r.body && r.body.type) hs['content-type'] = r.body.type;
      const how = [
        ...Object.values(r.params).map((p) => p.how),
        r.query.how,
        r.headers.how,
        r.body.how,
      ].filter(Boolean);
      return {
        params: Object.fromEntries(Object.entries(r.params).map(([k, p]) => [k, p.value])),
        query: r.query.query,
        headers: hs,
        ...('body' in r.body && r.body.body !== undefined ? { body: r.body.body } : {}),
        how,
      };
    });
}
