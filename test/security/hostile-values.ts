import fc from 'fast-check';

/**
 * The values hostile requests are made of (issue 3 "Hostile input"): SQL and script
 * fragments, unicode, huge strings and numbers, wrong types, broken JSON, wrong
 * content types.
 */

const FRAGMENTS = [
  "' OR '1'='1",
  "1'; DROP TABLE users; --",
  '" OR 1=1 --',
  '1 UNION SELECT secret_hash FROM users --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\u202e\u0041',
  '\ud800',
  '𝕏💸',
  '١٢٣٤',
  '０７１２３４５６７８',
  '+254700000101',
  'NaN',
  'Infinity',
  '-0',
  '__proto__',
  'constructor',
  '{{7*7}}',
  '$' + '{7*7}',
  '',
  ' ',
];

/** Numbers JSON.stringify cannot write, put in the text as they are. */
const RAW_NUMBERS = [
  '1e999',
  '-1e999',
  '123456789012345678901234567890',
  '-0',
  '1E2',
  '0.1e1',
  '1.5',
];
const RAW = '@@raw@@';

const hugeString = fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n));

/** A value of any wrong sort: nasty strings, huge and odd numbers, wrong types. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  hugeString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e21, 1e308, -1, 0, 0.5, 2 ** 63),
  fc.bigInt().map(String),
  fc.constantFrom(...RAW_NUMBERS).map((n) => `${RAW}${n}`),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** A nasty value as text (String() throws for an object with a `toString` key). */
export const nastyText = nasty.map((v) =>
  typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'),
);

/** Field names safe to echo in an error message (zod names unknown keys). */
export const fieldName = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/),
  fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', 'amount ', 'AMOUNT', 'id'),
);

/** JSON text in which RAW-marked strings become bare number literals. */
export const toJson = (value: unknown) =>
  JSON.stringify(value).replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1');

export type Body = Record<string, unknown>;
export const isRecord = (v: unknown): v is Body =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/jsonx',
  'APPLICATION/JSON',
  'application/json, text/plain',
  '*/*',
];

export const BROKEN_JSON = [
  '{',
  '{"amount": ',
  "{'a': 1}",
  'undefined',
  '{"a":1,}',
  '[1, 2',
  '\u0000',
  '\ufeff{}',
  '{"a": "\\x41"}',
  '{"a": NaN}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`,
];

/**
 * A value of the same sort as a valid one but off by a little: boundary amounts, phone
 * numbers of other shapes (and the carrier simulator's odd endings), so that requests
 * reach past validation into the route's own rules (limits, funds, phone parsing).
 */
export function near(valid: unknown): fc.Arbitrary<unknown> {
  if (typeof valid === 'number')
    return fc.oneof(
      fc.constantFrom(
        0,
        -1,
        1,
        499,
        500,
        999_999,
        1_000_000,
        1_000_001,
        10_000_001,
        1e12,
        1e12 + 1,
      ),
      fc.integer({ min: -1_000, max: 20_000_000 }),
    );
  if (typeof valid === 'string')
    return fc.oneof(
      fc.constantFrom(
        `${valid}0`,
        valid.slice(1),
        valid.slice(0, -1),
        valid.toUpperCase(),
        ` ${valid} `,
        `${valid}\u0000`,
        '0712345901',
        '0712345902',
        '0712345903',
        '0712345904',
        '0712345905',
        '+254712345678',
        '254733000000',
        '0770000000',
        '+14155550100',
      ),
      fc.stringMatching(/^[0-9+ ]{1,16}$/),
    );
  return nasty;
}
