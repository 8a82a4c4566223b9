import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness';

/**
 * DESIGN 7: bad input gets a 4xx with `{ "error": { "code", "message" } }`, never a
 * 5xx, never a stack trace, and nothing is written by a rejected request.
 */

let h: Harness;
let retailer: string;
let admin: string;
let keys = 0;

beforeAll(async () => {
  h = await createHarness();
  retailer = await h.login('+254700000101');
  admin = await h.login('admin@demo.airload');
});
afterAll(() => h.close());

/** Row counts and every balance, in one read. */
async function ledgerState(): Promise<string> {
  const result = await h.database.client.execute(`SELECT
    (SELECT count(*) FROM sales) AS sales,
    (SELECT count(*) FROM idempotency_keys) AS idempotency_keys,
    (SELECT count(*) FROM transfers) AS transfers,
    (SELECT group_concat(id || ':' || debits_posted || ':' || credits_posted || ':' ||
      debits_pending || ':' || credits_pending, ',') FROM accounts) AS accounts`);
  return JSON.stringify(result.rows[0]);
}

const STACK_TRACE = /\n\s*at |\bat \S+ \(|Error:|\/work\/|node_modules|file:\/\/|\.[jt]s:\d+/;

/** A 4xx, exactly `{ error: { code, message } }`, with no stack trace in it. */
async function expectErrorAnswer(res: Response, status?: number): Promise<string> {
  const text = await res.text();
  if (status !== undefined) expect(res.status, text).toBe(status);
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.status, text).toBeLessThan(500);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(text).not.toMatch(STACK_TRACE);
  const body = JSON.parse(text) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  return String(body.error.code);
}

/** Sends the request and checks it is refused as bad input without writing anything. */
async function refusedWithoutWriting(send: () => Response | Promise<Response>, status?: number) {
  const before = await ledgerState();
  const code = await expectErrorAnswer(await send(), status);
  expect(await ledgerState()).toEqual(before);
  return code;
}

type Body = unknown;
const raw = (text: string) => ({ raw: text });
const send = (path: string, token: string, body: Body, headers: Record<string, string> = {}) =>
  h.call('POST', path, {
    token,
    headers,
    body: typeof body === 'object' && body !== null && 'raw' in body ? String(body.raw) : body,
  });
const sell = (body: Body, headers: Record<string, string> = {}) =>
  send('/api/v1/sales', retailer, body, { 'idempotency-key': `bad-${++keys}`, ...headers });
const login = (body: Body, headers: Record<string, string> = {}) =>
  send('/api/v1/auth/login', '', body, headers);
const fund = (body: Body, headers: Record<string, string> = {}) =>
  send('/api/v1/admin/fundings', admin, body, headers);

const MALFORMED = ['{', '{"msisdn": "0712345678", "amount": 1000', '', "{'a': 1}", 'undefined'];
const CONTENT_TYPES = ['text/plain', 'application/xml', 'multipart/form-data', ''];
const OVERSIZE = (limit: number) => ({
  msisdn: '0712345678',
  amount: 1_000,
  pad: 'x'.repeat(limit),
});
const BAD_AMOUNTS: unknown[] = [0, -1, -500, 1_000.5, 0.1, 1e15, 2 ** 53, '1000', null, true];
const BAD_NUMBERS: unknown[] = ['12', 'abc', '+999123', '', '0000000000', 712345678, null];

describe('bad input to POST /api/v1/sales', () => {
  const good = { msisdn: '0712345678', amount: 1_000 };

  it('refuses malformed JSON', async () => {
    for (const text of MALFORMED) await refusedWithoutWriting(() => sell(raw(text)), 400);
  });

  it('refuses a body that is not JSON', async () => {
    for (const type of CONTENT_TYPES) {
      const code = await refusedWithoutWriting(() => sell(good, { 'content-type': type }));
      expect(code).toBe('unsupported_media_type');
    }
  });

  it('refuses wrong types, missing fields and extra fields', async () => {
    for (const body of [
      null,
      [],
      'a sale',
      42,
      {},
      { msisdn: '0712345678' },
      { amount: 1_000 },
      { ...good, retailer_id: 'u-ret-102' },
      { ...good, status: 'succeeded' },
      { ...good, commission: 1_000 },
      { ...good, product: 7 },
      { ...good, product: '' },
      raw('{"msisdn":"0712345678","amount":1000,"__proto__":{"admin":true}}'),
    ]) {
      await refusedWithoutWriting(() => sell(body), 400);
    }
  });

  it('refuses zero, negative, fractional, oversize and non-number amounts', async () => {
    for (const amount of BAD_AMOUNTS) {
      await refusedWithoutWriting(() => sell({ ...good, amount }), 400);
    }
    await refusedWithoutWriting(() => sell(raw('{"msisdn":"0712345678","amount":1e400}')), 400);
  });

  it('refuses numbers that are not phone numbers', async () => {
    for (const msisdn of BAD_NUMBERS) {
      await refusedWithoutWriting(() => sell({ ...good, msisdn }), 400);
    }
  });

  it('refuses a customer number with other text around it', async () => {
    for (const msisdn of [
      '0712345678<script>alert(1)</script>',
      '+254712345678;DROP TABLE sales',
      'call 0712345678 now',
    ]) {
      await refusedWithoutWriting(() => sell({ ...good, msisdn }), 400);
    }
  });

  it('refuses unknown products', async () => {
    for (const product of ['nope', 'SAFARICOM-AIRTIME', "' OR 1=1 --", 'x'.repeat(65)]) {
      await refusedWithoutWriting(() => sell({ ...good, product }), 400);
    }
  });

  it('refuses missing or malformed idempotency keys', async () => {
    for (const key of ['', 'has space', 'key%D0%BA', 'x'.repeat(256), 'a/b', 'key@1']) {
      await refusedWithoutWriting(() => sell(good, { 'idempotency-key': key }), 400);
    }
    const noKey = () => send('/api/v1/sales', retailer, good);
    expect(await refusedWithoutWriting(noKey, 400)).toBe('invalid_idempotency_key');
  });

  it('refuses a body over the size limit', async () => {
    const code = await refusedWithoutWriting(() => sell(OVERSIZE(h.config.BODY_LIMIT)), 413);
    expect(code).toBe('body_too_large');
  });

  it('answers random bodies with a 4xx error and writes nothing', async () => {
    const fragments = fc.constantFrom(
      "'; DROP TABLE sales; --",
      '" OR 1=1 --',
      '<script>alert(1)</script>',
      '{{7*7}}',
      '../../etc/passwd',
      '\u0000\uFFFF\uD83D\uDE00',
      '٠٧١٢',
      'null',
    );
    const text = fc.oneof(
      fragments,
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
    );
    const amount = fc.oneof(fc.integer(), fc.double(), text, fc.constantFrom(1e15, 2 ** 53, -0));
    const body = fc.oneof(
      fc.anything().map((value) => raw(JSON.stringify(value) ?? '')),
      fc.object().map((value) => raw(JSON.stringify(value))),
      fc.record({ msisdn: text, amount, product: text }, { requiredKeys: [] }),
      fc.record({ msisdn: text, amount: fc.integer({ min: 500, max: 1_000_000 }) }),
      text.map(raw),
    );
    await fc.assert(
      fc.asyncProperty(body, async (generated) => {
        await refusedWithoutWriting(() => sell(generated));
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad input to POST /api/v1/auth/login', () => {
  const good = { phone: '0700000101', pin: '1357' };

  it('refuses malformed JSON, other content types and oversize bodies', async () => {
    for (const text of MALFORMED) await refusedWithoutWriting(() => login(raw(text)), 400);
    for (const type of CONTENT_TYPES) {
      await refusedWithoutWriting(() => login(good, { 'content-type': type }), 415);
    }
    await refusedWithoutWriting(
      () => login({ ...good, pad: 'x'.repeat(h.config.BODY_LIMIT) }),
      413,
    );
  });

  it('refuses wrong types, missing, extra and mixed fields', async () => {
    for (const body of [
      null,
      [],
      {},
      { phone: '0700000101' },
      { pin: '1357' },
      { phone: '0700000101', pin: 1357 },
      { phone: 700000101, pin: '1357' },
      { phone: '0700000101', pin: '135' },
      { phone: '0700000101', pin: '1357 ' },
      { phone: '0700000101', pin: 'abcd' },
      { ...good, role: 'admin' },
      { phone: '0700000101', password: '1357' },
      { email: 'admin@demo.airload', pin: '1357' },
      { email: 'not-an-email', password: 'airload-demo' },
      { email: 'admin@demo.airload', password: '' },
    ]) {
      await refusedWithoutWriting(() => login(body), 400);
    }
  });

  it('refuses phone numbers that are not numbers with the same answer as a wrong PIN', async () => {
    for (const phone of ['abc', '+999123', "0700000101' OR 1=1 --"]) {
      const code = await refusedWithoutWriting(() => login({ phone, pin: '1357' }), 401);
      expect(code).toBe('invalid_credentials');
    }
  });
});

describe('bad input to POST /api/v1/admin/fundings', () => {
  const good = { phone: '0700000101', amount: 1_000, reference: 'slip-bad-input' };

  it('refuses malformed JSON, other content types and oversize bodies', async () => {
    for (const text of MALFORMED) await refusedWithoutWriting(() => fund(raw(text)), 400);
    for (const type of CONTENT_TYPES) {
      await refusedWithoutWriting(() => fund(good, { 'content-type': type }), 415);
    }
    await refusedWithoutWriting(() => fund(OVERSIZE(h.config.BODY_LIMIT)), 413);
  });

  it('refuses wrong types, missing and extra fields, and bad references', async () => {
    const { reference: _, ...noReference } = good;
    for (const body of [
      null,
      {},
      noReference,
      { ...good, currency: 'USD' },
      { ...good, debit_account_id: 'sys:settlement' },
      ...['', 'has space', 'x'.repeat(129), "'; DROP TABLE transfers; --", 7].map((reference) => ({
        ...good,
        reference,
      })),
    ]) {
      await refusedWithoutWriting(() => fund(body), 400);
    }
  });

  it('refuses bad amounts and bad phone numbers', async () => {
    for (const amount of BAD_AMOUNTS) {
      await refusedWithoutWriting(() => fund({ ...good, amount }), 400);
    }
    for (const phone of BAD_NUMBERS) {
      await refusedWithoutWriting(() => fund({ ...good, phone }), 400);
    }
  });
});

describe('routes and tokens', () => {
  it('answers unknown routes with a 404 JSON error', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/v2/sales'],
      ['PUT', '/api/v1/auth/login'],
      ['DELETE', '/api/v1/wallet'],
      ['POST', '/api/v1/wallet/statement'],
    ] as const) {
      const res = await h.call(method, path, { token: retailer });
      expect(await expectErrorAnswer(res, 404)).toBe('not_found');
    }
  });

  it('answers a missing or bad token with a 401 JSON error and writes nothing', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'u-admin', role: 'admin' })}.`;
    const sale = { msisdn: '0712345678', amount: 1_000 };
    const funding = { phone: '0700000101', amount: 1, reference: 'r' };
    for (const authorization of [
      '',
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer not-a-jwt',
      `Bearer ${unsigned}`,
      `Token ${retailer}`,
    ]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const key = { ...headers, 'idempotency-key': `no-token-${++keys}` };
      await refusedWithoutWriting(() => h.call('GET', '/api/v1/wallet', { headers }), 401);
      await refusedWithoutWriting(() => send('/api/v1/sales', '', sale, key), 401);
      await refusedWithoutWriting(() => send('/api/v1/admin/fundings', '', funding, headers), 401);
    }
  });
});
