import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';
import { AppError } from '../errors';
import { checkLedger } from '../ledger/check';
import { createSale } from '../sales/service';
import { transferStock } from '../stock/service';
import type { OutletView } from './view';

interface Page {
  items: OutletView[];
  next_cursor: string | null;
}

let h: Harness;
let admin: string;
let manager: string;
let northManager: string;
let distributor: string;

/** A second region with its own manager, distributor and retailer, to show nothing leaks. */
async function addNorthRegion() {
  const north = { regionId: 'r-north' };
  await addUsers(
    h,
    [
      {
        ...north,
        id: 'u-manager-n',
        role: 'manager',
        name: 'North Manager',
        email: 'manager@north.airload',
      },
      {
        ...north,
        id: 'u-dist-n',
        role: 'distributor',
        name: 'North Distributor',
        phone: '+254700000401',
      },
      {
        ...north,
        id: 'u-ret-n',
        role: 'retailer',
        name: 'North Shop',
        phone: '+254700000402',
        distributorId: 'u-dist-n',
        funding: 1_000_000,
      },
    ],
    [{ sql: `INSERT INTO regions (id, name) VALUES ('r-north', 'North')`, args: [] }],
  );
}

beforeAll(async () => {
  h = await createHarness();
  await addNorthRegion();
  [admin, manager, northManager, distributor] = await Promise.all([
    h.login('admin@demo.airload'),
    h.login('manager@demo.airload'),
    h.login('manager@north.airload'),
    h.login('+254700000201'),
  ]);
});
afterAll(() => h.close());

const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

const outlets = async (token: string) => {
  const res = await h.call('GET', '/api/v1/outlets', { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as Page).items;
};

const outlet = async (id: string, token = admin) => {
  const res = await h.call('GET', `/api/v1/outlets/${id}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as OutletView;
};

const setLimits = (id: string, body: unknown, token = admin) =>
  h.call('PUT', `/api/v1/outlets/${id}/limits`, { token, body });

const freeze = (id: string, token = manager, action = 'freeze') =>
  h.call('POST', `/api/v1/outlets/${id}/${action}`, { token, body: { reason: 'field visit' } });

describe('outlet scope', () => {
  it('shows a distributor its three retailers only, without the lock', async () => {
    const items = await outlets(distributor);
    expect(items.map((o) => o.id)).toEqual(['u-ret-101', 'u-ret-102', 'u-ret-103']);
    expect(items[0]).toMatchObject({
      role: 'retailer',
      region: 'r-demo',
      distributor_id: 'u-dist-201',
      wallet: { available: 5_000_000, held: 0 },
      today: { count: 0, total: 0 },
      frozen: false,
      limits: { min_sale: 500, max_sale: 1_000_000, daily_limit: 10_000_000 },
      last_sale_at: null,
    });
    expect(items[0]).not.toHaveProperty('locked_until');
  });

  it('shows a manager the retailers and distributors of its region only', async () => {
    const demo = await outlets(manager);
    expect(demo.map((o) => o.id)).toEqual(['u-dist-201', 'u-ret-101', 'u-ret-102', 'u-ret-103']);
    expect(demo[0]).toHaveProperty('locked_until', null);
    const north = await outlets(northManager);
    expect(north.map((o) => o.id)).toEqual(['u-dist-n', 'u-ret-n']);
  });

  it('shows an admin every outlet of every region, and no staff', async () => {
    const ids = (await outlets(admin)).map((o) => o.id);
    expect(ids).toEqual([
      'u-dist-201',
      'u-dist-n',
      'u-ret-101',
      'u-ret-102',
      'u-ret-103',
      'u-ret-n',
    ]);
  });

  it('answers 404 for an outlet outside the caller’s scope and 403 to a retailer', async () => {
    const retailer = await h.login('+254700000101');
    const cases: Array<[string, string, number]> = [
      [manager, '/api/v1/outlets/u-ret-n', 404],
      [northManager, '/api/v1/outlets/u-ret-101/sales', 404],
      [distributor, '/api/v1/outlets/u-ret-n', 404],
      [distributor, '/api/v1/outlets/u-manager', 404],
      [admin, '/api/v1/outlets/u-manager', 404],
      [admin, '/api/v1/outlets/nobody', 404],
      [retailer, '/api/v1/outlets/u-ret-101', 403],
      [retailer, '/api/v1/outlets', 403],
    ];
    for (const [token, path, status] of cases) {
      const res = await h.call('GET', path, { token });
      expect([path, res.status]).toEqual([path, status]);
      expect(await res.text()).not.toContain('North Shop');
    }
  });

  it('pages the list by id without gaps or repeats', async () => {
    const first = (await (
      await h.call('GET', '/api/v1/outlets?limit=4', { token: admin })
    ).json()) as Page;
    expect(first.next_cursor).toEqual(expect.any(String)); // opaque: (sort, value, id)
    const rest = (await (
      await h.call('GET', `/api/v1/outlets?limit=4&cursor=${first.next_cursor}`, { token: admin })
    ).json()) as Page;
    expect([...first.items, ...rest.items].map((o) => o.id)).toEqual([
      'u-dist-201',
      'u-dist-n',
      'u-ret-101',
      'u-ret-102',
      'u-ret-103',
      'u-ret-n',
    ]);
    expect(rest.next_cursor).toBeNull();
  });
});

describe('per-outlet limits', () => {
  it('applies an admin’s min and max to the next sale, and the rejection sticks to its key', async () => {
    const token = await h.login('+254700000101');
    const res = await setLimits('u-ret-101', { min_sale: 1_000, max_sale: 20_000 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as OutletView).limits).toEqual({
      min_sale: 1_000,
      max_sale: 20_000,
      daily_limit: 10_000_000,
    });

    const big = { msisdn: '0712345678', amount: 25_000 };
    const refused = await h.sell(token, 'limit-big', big);
    expect([refused.status, await errorCode(refused)]).toEqual([422, 'amount_out_of_range']);
    const small = await h.sell(token, 'limit-small', { msisdn: '0712345678', amount: 900 });
    expect([small.status, await errorCode(small)]).toEqual([422, 'amount_out_of_range']);
    expect((await h.sell(token, 'limit-ok', { ...big, amount: 20_000 })).status).toBe(201);

    // Back to the defaults: 25,000 is allowed now, but not under the key that was refused.
    const reset = await setLimits('u-ret-101', { min_sale: null, max_sale: null });
    expect(((await reset.json()) as OutletView).limits.max_sale).toBe(1_000_000);
    const replay = await h.sell(token, 'limit-big', big);
    expect([replay.status, await errorCode(replay)]).toEqual([422, 'amount_out_of_range']);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await h.sell(token, 'limit-big-2', big)).status).toBe(201);
    await h.settled();
  });

  it('refuses a min above the max, and a manager, and records the change in the audit log', async () => {
    const refused = await setLimits('u-ret-102', { min_sale: 50_000, max_sale: 40_000 });
    expect([refused.status, await errorCode(refused)]).toEqual([400, 'invalid_request']);
    expect((await setLimits('u-ret-102', { min_sale: 2_000_000 })).status).toBe(400);
    expect((await setLimits('u-ret-102', {})).status).toBe(400);
    expect((await setLimits('u-ret-102', { daily_limit: 50_000 }, manager)).status).toBe(403);
    expect((await outlet('u-ret-102')).limits.daily_limit).toBe(10_000_000);

    expect((await setLimits('u-ret-102', { daily_limit: 50_000 })).status).toBe(200);
    const { rows } = await h.database.client.execute(
      `SELECT actor_id, detail FROM audit_log WHERE action = 'limits_change' AND subject = 'u-ret-102'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_id).toBe('u-admin');
    expect(JSON.parse(String(rows[0]!.detail))).toEqual({
      old: { min_sale: null, max_sale: null, daily_limit: null },
      new: { min_sale: null, max_sale: null, daily_limit: 50_000 },
    });
  });

  it('lets exactly the sales that fit the daily limit through, even all at once', async () => {
    // u-ret-102's daily limit is 50,000 (previous test): 10 of 20 sales of 5,000 fit.
    const token = await h.login('+254700000102');
    const keys = Array.from({ length: 20 }, (_, i) => `daily-${i}`);
    const sale = { msisdn: '0712345678', amount: 5_000 };
    const answers = await Promise.all(keys.map((key) => h.sell(token, key, sale)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(10);
    const refusedKeys = keys.filter((_, i) => statuses[i] === 422);
    for (const key of refusedKeys) {
      const again = await h.sell(token, key, sale);
      expect([again.status, await errorCode(again)]).toEqual([422, 'daily_limit_exceeded']);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    await h.settled();
    const seen = await outlet('u-ret-102', manager);
    expect(seen.today).toEqual({ count: 10, total: 50_000 });
    expect(seen.wallet.available).toBe(5_000_000 - 50_000);
    expect(seen.last_sale_at).not.toBeNull();
    expect(await checkLedger(h.database.client)).toEqual([]);
  });

  it('gives a failed sale’s amount back to the day', async () => {
    const token = await h.login('+254700000103');
    expect((await setLimits('u-ret-103', { daily_limit: 10_000 })).status).toBe(200);
    const declined = await h.sell(token, 'day-901', { msisdn: '0712345901', amount: 10_000 });
    expect(declined.status).toBe(201);
    expect(((await declined.json()) as { status: string }).status).toBe('failed');
    const next = await h.sell(token, 'day-ok', { msisdn: '0712345678', amount: 10_000 });
    expect(next.status).toBe(201);
    expect(((await next.json()) as { status: string }).status).toBe('succeeded');
    const over = await h.sell(token, 'day-over', { msisdn: '0712345678', amount: 500 });
    expect([over.status, await errorCode(over)]).toEqual([422, 'daily_limit_exceeded']);
    expect((await outlet('u-ret-103')).today).toEqual({ count: 1, total: 10_000 });
  });
});

describe('freezing', () => {
  it('stops a frozen outlet selling, ends its token, and the refusal sticks to its key', async () => {
    const token = await h.login('+254700000101');
    const res = await freeze('u-ret-101');
    expect(res.status).toBe(200);
    expect(((await res.json()) as OutletView).frozen).toBe(true);
    expect((await h.call('GET', '/api/v1/wallet', { token })).status).toBe(401);

    // The database refuses the sale itself, whatever token the outlet holds.
    const sale = { msisdn: '0712345678', amount: 10_000 };
    const refused = await createSale(h.deps, 'u-ret-101', 'frozen-sale', sale).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect([refused.status, refused.code]).toEqual([403, 'outlet_frozen']);
    const { rows } = await h.database.client.execute(
      `SELECT count(*) AS n FROM sales WHERE retailer_id = 'u-ret-101'`,
    );
    expect(Number(rows[0]!.n)).toBe(2);

    expect((await freeze('u-ret-101', manager, 'unfreeze')).status).toBe(200);
    const again = await h.login('+254700000101');
    const replay = await h.sell(again, 'frozen-sale', sale);
    expect([replay.status, await errorCode(replay)]).toEqual([403, 'outlet_frozen']);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await h.sell(again, 'after-unfreeze', sale)).status).toBe(201);
    await h.settled();
  });

  it('stops a frozen distributor sending stock, and writes nothing', async () => {
    const token = await h.login('+254700000201');
    expect((await freeze('u-dist-201', admin)).status).toBe(200);
    expect((await h.call('GET', '/api/v1/outlets', { token })).status).toBe(401);
    const transfers = await h.count('transfers');
    const sender = { id: 'u-dist-201', role: 'distributor' } as const;
    const refused = await transferStock(h.deps, sender, 'frozen-stock', {
      retailer_id: 'u-ret-101',
      amount: 10_000,
    }).catch((e) => e);
    expect([refused.status, refused.code]).toEqual([403, 'outlet_frozen']);
    expect(await h.count('transfers')).toBe(transfers);
    expect((await freeze('u-dist-201', admin, 'unfreeze')).status).toBe(200);
  });

  it('lets only a manager of the region or an admin freeze, and audits it with the reason', async () => {
    expect((await freeze('u-ret-102', northManager)).status).toBe(404);
    // The earlier freeze ended the distributor's first session.
    expect((await freeze('u-ret-102', await h.login('+254700000201'))).status).toBe(403);
    expect((await freeze('nobody', admin)).status).toBe(404);
    const noReason = await h.call('POST', '/api/v1/outlets/u-ret-102/freeze', {
      token: manager,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect((await outlet('u-ret-102')).frozen).toBe(false);

    const { rows } = await h.database.client.execute(
      `SELECT action, actor_id, subject, detail FROM audit_log
       WHERE action IN ('freeze', 'unfreeze') ORDER BY seq`,
    );
    expect(rows.map((r) => [r.action, r.actor_id, r.subject])).toEqual([
      ['freeze', 'u-manager', 'u-ret-101'],
      ['unfreeze', 'u-manager', 'u-ret-101'],
      ['freeze', 'u-admin', 'u-dist-201'],
      ['unfreeze', 'u-admin', 'u-dist-201'],
    ]);
    expect(JSON.parse(String(rows[0]!.detail))).toEqual({ reason: 'field visit' });
  });
});
