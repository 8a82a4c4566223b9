import { readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';

/**
 * Issue 11's catalog: commission plans as versions, and the proof that a new version
 * never changes a sale already made (the commission is fixed on the sale at hold time,
 * a sale still pending when the plan changes too); products kept by the admin.
 */

const h = await createHarness({
  // A 904 sale is still pending for 300 ms after its answer: long enough to change the plan.
  env: { SALE_WAIT_MS: '30', CARRIER_TIMEOUT_MS: '3000', RECONCILE_AFTER_MS: '60000' },
  simulator: { slowMs: 300 },
});
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});
let admin = await h.login('admin@demo.airload');
let shop = await h.login('+254700000101');

interface SaleBody {
  id: string;
  status: string;
  commission: number;
}
let keys = 0;
async function sell(msisdn: string, amount: number) {
  const res = await h.sell(shop, `plan-${++keys}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as SaleBody;
}
const saleNow = async (id: string) =>
  (await (await h.call('GET', `/api/v1/sales/${id}`, { token: shop })).json()) as SaleBody;
const creditedCommission = async (saleId: string) =>
  Number(
    (
      await h.database.client.execute({
        sql: `SELECT amount FROM transfers WHERE sale_id = ? AND kind = 'commission'`,
        args: [saleId],
      })
    ).rows[0]?.amount,
  );
const fixedCommission = async (saleId: string) =>
  Number(
    (
      await h.database.client.execute({
        sql: 'SELECT commission FROM sales WHERE id = ?',
        args: [saleId],
      })
    ).rows[0]?.commission,
  );
const postPlan = (body: unknown) =>
  h.call('POST', '/api/v1/commission-plans', { token: admin, body });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

describe('commission plans', () => {
  it('lists the first version, in force since the epoch', async () => {
    const res = await h.call('GET', '/api/v1/commission-plans', { token: admin });
    expect(res.status).toBe(200);
    const plans = (await res.json()) as {
      items: { version: number; effective_from: string }[];
      current: number;
    };
    expect(plans.current).toBe(1);
    expect(plans.items[0]).toMatchObject({
      version: 1,
      effective_from: '1970-01-01T00:00:00.000Z',
    });
  });

  it('never changes a sale already made, nor one still pending when the plan changes', async () => {
    // Version 1: Safaricom airtime at 600 bps.
    const done = await sell('0712345678', 100_000);
    expect(done).toMatchObject({ status: 'succeeded', commission: 6_000 });
    const pending = await sell('0712345904', 100_000);
    // The answer shows commission once earned; the sale holds the one it fixed at hold time.
    expect(pending).toMatchObject({ status: 'pending', commission: 0 });
    expect(await fixedCommission(pending.id)).toBe(6_000);

    const posted = await postPlan({
      note: 'December',
      rates: [
        { operator: 'safaricom', bps: 900, slabs: [{ up_to: 100_000, bps: 800 }] },
        { product_id: 'airtel-airtime', bps: 500 },
      ],
    });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toMatchObject({
      version: 2,
      note: 'December',
      created_by: 'u-admin',
    });

    await h.settled();
    expect(await saleNow(pending.id)).toMatchObject({ status: 'succeeded', commission: 6_000 });
    expect(await creditedCommission(pending.id)).toBe(6_000);
    expect(await saleNow(done.id)).toMatchObject({ commission: 6_000 });
    expect(await creditedCommission(done.id)).toBe(6_000);

    // New sales: the new version, by slab (800 bps up to KES 1,000, 900 above).
    expect((await sell('0712345678', 100_000)).commission).toBe(8_000);
    const above = await sell('0712345678', 200_000);
    expect(above.commission).toBe(18_000);
    await h.settled();
    expect(await creditedCommission(above.id)).toBe(18_000);
    // Telkom has no rate in version 2: no commission.
    expect((await sell('0772345678', 10_000)).commission).toBe(0);
  });

  it('applies a version posted ahead of time from its instant, and shows it in GET /products then', async () => {
    const from = h.clock.now() + 3_600_000;
    const res = await postPlan({
      effective_from: new Date(from).toISOString(),
      rates: [{ operator: 'safaricom', bps: 300 }],
    });
    expect(res.status).toBe(201);
    expect((await sell('0712345678', 100_000)).commission).toBe(8_000);
    const listed = async () =>
      (
        (await (await h.call('GET', '/api/v1/products', { token: shop })).json()) as {
          items: { id: string; commission_bps: number; commission_slabs?: unknown }[];
        }
      ).items.find((p) => p.id === 'safaricom-airtime')!;
    expect(await listed()).toMatchObject({
      commission_bps: 900,
      commission_slabs: [{ up_to: 100_000, bps: 800 }],
    });
    h.clock.advance(3_600_000);
    // An hour on, the access tokens have expired.
    admin = await h.login('admin@demo.airload');
    shop = await h.login('+254700000101');
    expect((await sell('0712345678', 100_000)).commission).toBe(3_000);
    expect(await listed()).toMatchObject({ commission_bps: 300 });
    const plans = (await (
      await h.call('GET', '/api/v1/commission-plans', { token: admin })
    ).json()) as {
      items: { version: number }[];
      current: number;
    };
    expect(plans.current).toBe(3);
    expect(plans.items.map((p) => p.version)).toEqual([3, 2, 1]);
  });

  it('refuses bad plans with 400 and writes nothing', async () => {
    const before = await h.count('commission_plans');
    const bodies = [
      { rates: [] },
      { rates: [{ bps: 100 }] },
      { rates: [{ operator: 'safaricom', product_id: 'safaricom-airtime', bps: 100 }] },
      { rates: [{ operator: 'safaricom', bps: 10_001 }] },
      { rates: [{ operator: 'safaricom', bps: -1 }] },
      { rates: [{ operator: 'safaricom', bps: 1.5 }] },
      { rates: [{ product_id: 'no-such-product', bps: 100 }] },
      {
        rates: [
          { operator: 'a', bps: 1 },
          { operator: 'a', bps: 2 },
        ],
      },
      {
        rates: [
          {
            operator: 'a',
            bps: 1,
            slabs: [
              { up_to: 5, bps: 1 },
              { up_to: 4, bps: 1 },
            ],
          },
        ],
      },
      { effective_from: '2001-01-01T00:00:00Z', rates: [{ operator: 'a', bps: 1 }] },
      { effective_from: 'tomorrow', rates: [{ operator: 'a', bps: 1 }] },
      { rates: [{ operator: 'a', bps: 1 }], version: 7 },
    ];
    for (const body of bodies) {
      const res = await postPlan(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('invalid_request');
    }
    expect(await h.count('commission_plans')).toBe(before);
  });

  it('keeps versions as written: the database refuses an edit or a removal', async () => {
    await expect(
      h.database.client.execute('UPDATE commission_plans SET rates = ? WHERE version = 1', ['[]']),
    ).rejects.toThrow(/commission_plan_immutable/);
    await expect(h.database.client.execute('DELETE FROM commission_plans')).rejects.toThrow(
      /commission_plan_immutable/,
    );
  });

  it('is the admin’s alone', async () => {
    for (const token of [
      shop,
      await h.login('manager@demo.airload'),
      await h.login('+254700000201'),
    ]) {
      expect((await h.call('GET', '/api/v1/commission-plans', { token })).status).toBe(403);
      const res = await h.call('POST', '/api/v1/commission-plans', {
        token,
        body: { rates: [{ operator: 'safaricom', bps: 100 }] },
      });
      expect(res.status).toBe(403);
    }
  });
});

describe('the migration to versioned plans', () => {
  it('makes the old commission_rates the first version, in force since the epoch', async () => {
    const db = createClient({ url: ':memory:' });
    await db.executeMultiple(`
      CREATE TABLE commission_rates (id text PRIMARY KEY, product_id text, operator text, bps integer NOT NULL);
      INSERT INTO commission_rates VALUES ('a', 'safaricom-airtime', NULL, 600), ('b', NULL, 'airtel', 450);`);
    for (const file of ['0013_commission_plans.sql', '0014_commission_plans_from_rates.sql']) {
      const sql = readFileSync(new URL(`../../db/migrations/${file}`, import.meta.url), 'utf8');
      for (const statement of sql.split('--> statement-breakpoint')) await db.execute(statement);
    }
    const [plan] = (await db.execute('SELECT version, effective_from, rates FROM commission_plans'))
      .rows;
    expect(plan).toMatchObject({ version: 1, effective_from: 0 });
    expect(JSON.parse(String(plan!.rates))).toEqual(
      expect.arrayContaining([
        { product_id: 'safaricom-airtime', bps: 600 },
        { operator: 'airtel', bps: 450 },
      ]),
    );
    db.close();
  });
});

describe('products', () => {
  it('adds a product, refuses a taken id or operator, switches one off and shows it only to the admin', async () => {
    const body = {
      id: 'faiba-airtime',
      operator: 'faiba',
      name: 'Faiba airtime',
      prefixes: ['747'],
      denominations: [5_000, 10_000],
    };
    const res = await h.call('POST', '/api/v1/products', { token: admin, body });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ...body, active: true, commission_bps: 0 });
    for (const taken of [body, { ...body, id: 'faiba-2' }]) {
      const again = await h.call('POST', '/api/v1/products', { token: admin, body: taken });
      expect(again.status).toBe(409);
      expect(await errorCode(again)).toBe('product_exists');
    }
    const off = await h.call('PATCH', '/api/v1/products/faiba-airtime', {
      token: admin,
      body: { active: false, prefixes: ['747', '7470'] },
    });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ active: false, prefixes: ['747', '7470'] });
    const ids = async (token: string) =>
      (
        (await (await h.call('GET', '/api/v1/products', { token })).json()) as {
          items: { id: string }[];
        }
      ).items.map((p) => p.id);
    expect(await ids(shop)).not.toContain('faiba-airtime');
    expect(await ids(admin)).toContain('faiba-airtime');
  });

  it('refuses bad products with 400, an unknown one with 404, and writes nothing', async () => {
    const before = await h.count('products');
    const good = { id: 'x-airtime', operator: 'x', name: 'X', prefixes: ['76'], denominations: [] };
    for (const body of [
      { ...good, id: 'Bad Id' },
      { ...good, prefixes: [] },
      { ...good, prefixes: ['7a'] },
      { ...good, denominations: [0] },
      { ...good, denominations: [1.5] },
      { ...good, name: '' },
    ]) {
      const res = await h.call('POST', '/api/v1/products', { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await h.call('PATCH', '/api/v1/products/none', { token: admin, body: { name: 'n' } }))
        .status,
    ).toBe(404);
    expect(
      (await h.call('PATCH', '/api/v1/products/telkom-airtime', { token: admin, body: {} })).status,
    ).toBe(400);
    expect((await h.call('POST', '/api/v1/products', { token: shop, body: good })).status).toBe(
      403,
    );
    expect(await h.count('products')).toBe(before);
  });
});
