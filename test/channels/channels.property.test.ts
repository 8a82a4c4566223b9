import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness';

/**
 * Issue 10's property: any `text` and any form body on the gateway callbacks get a 200
 * with a `CON `/`END ` screen of at most 182 characters (for /ussd), or a 4xx with
 * nothing written; never a 5xx. The seed is printed; CHANNEL_SEED replays a run.
 */

const RUNS = Number(process.env.CHANNEL_RUNS ?? 300);
const seed = Number(process.env.CHANNEL_SEED ?? Date.now() % 2 ** 31);
console.log(`channels property: seed ${seed} (CHANNEL_SEED=${seed} replays it)`);

const h = await createHarness();
afterAll(async () => {
  await h.settled();
  await h.close();
});

const TABLES = [
  'sales',
  'transfers',
  'idempotency_keys',
  'audit_log',
  'ussd_sessions',
  'sms_messages',
  'users',
];
async function counts() {
  const result: Record<string, number> = {};
  for (const t of TABLES) result[t] = await h.count(t);
  return result;
}

const phones = fc.constantFrom(
  '+254700000101',
  '+254700000102',
  '0700000101',
  '+254711000000',
  '',
  'x',
  '+254700000201',
);
const inputs = fc.oneof(
  fc.constantFrom(
    '1',
    '2',
    '3',
    '4',
    '0',
    '98',
    '1357',
    '0000',
    '0712345678',
    '100',
    '*',
    '**',
    '1*2',
    '',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
/** An Africa's Talking `text`: inputs joined by `*`, sometimes a whole random string. */
const texts = fc.oneof(
  fc.array(inputs, { maxLength: 6 }).map((a) => a.join('*')),
  fc.string({ unit: 'binary', maxLength: 300 }),
);
const sessionIds = fc.oneof(fc.constantFrom('s-a', 's-b', 's-c'), fc.string({ maxLength: 80 }));
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom("' OR 1=1 --", '<script>', '%00', '\u0000'),
);

type Form = Record<string, string>;
const ussdForms: fc.Arbitrary<Form> = fc.record(
  {
    sessionId: sessionIds,
    serviceCode: fc.constant('*384#'),
    phoneNumber: phones,
    networkCode: fc.constant('63902'),
    text: texts,
  },
  { requiredKeys: [] },
);
const smsForms: fc.Arbitrary<Form> = fc.record(
  {
    from: phones,
    to: fc.constant('40404'),
    text: fc.oneof(
      texts,
      fc.constantFrom('SELL 0712345678 100 0000', 'BAL 0000', 'help', 'LAST x', 'sell'),
    ),
    date: fc.constant('2026-12-01'),
    id: fc.oneof(fc.constantFrom('m-1', 'm-2'), fc.string({ maxLength: 30 })),
  },
  { requiredKeys: [] },
);
const extraFields = fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 3 });
const bodies = (forms: fc.Arbitrary<Form>) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(forms, extraFields).map(([f, e]) => ({
        type: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ ...e, ...f }).toString(),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 200 })
        .map((body) => ({ type: 'application/x-www-form-urlencoded', body })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', ''),
          fc.string({ maxLength: 100 }),
        )
        .map(([type, body]) => ({ type, body })),
    },
  );

async function attempt(path: string, req: { type: string; body: string }) {
  const before = await counts();
  const res = await h.app.request(path, {
    method: 'POST',
    headers: req.type ? { 'content-type': req.type } : {},
    body: req.body,
  });
  const text = await res.text();
  const what = `${path} ${JSON.stringify(req).slice(0, 300)} -> ${res.status} ${text.slice(0, 200)}`;
  expect(res.status < 500, what).toBe(true);
  if (res.status === 200) {
    if (path === '/ussd') {
      expect(text, what).toMatch(/^(CON|END) /);
      expect([...text].length, what).toBeLessThanOrEqual(182);
    }
    await h.settled();
    return;
  }
  expect(res.status >= 400 && res.status < 500, what).toBe(true);
  expect(await counts(), `wrote on a refusal: ${what}`).toEqual(before);
}

describe('gateway callbacks under any input', () => {
  it(`/ussd: ${RUNS} bodies get a screen or a 4xx that writes nothing`, {
    timeout: 600_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(bodies(ussdForms), (req) => attempt('/ussd', req)),
      { numRuns: RUNS, seed },
    );
  });

  it(`/sms/inbound: ${RUNS} bodies get 200 or a 4xx that writes nothing`, {
    timeout: 600_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(bodies(smsForms), (req) => attempt('/sms/inbound', req)),
      { numRuns: RUNS, seed },
    );
  });
});
