import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FUNDING } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers, SECOND_DISTRIBUTOR, type TestUser } from '../../test/support/users';
import { checkLedger } from '../ledger/check';

/** DESIGN 12, issue 11: stock requests, maker-checker, over the API. */

let h: Harness;
let retailer: string;
let retailer2: string;
let distributor: string;
let distributor2: string;
let manager: string;
let managerNorth: string;
let admin: string;

beforeAll(async () => {
  // 70 shops log in from one address here.
  h = await createHarness({ env: { LOGIN_RATE_PER_ADDRESS: '100000' } });
  await addUsers(h, SECOND_DISTRIBUTOR);
  await addUsers(
    h,
    (
      [
        { id: 'u-mgr-north', role: 'manager', name: 'North', email: 'north@test.airload' },
        { id: 'u-dist-north', role: 'distributor', name: 'DN', phone: '+254700000401' },
        {
          id: 'u-ret-north',
          role: 'retailer',
          name: 'Shop North',
          phone: '+254700000402',
          distributorId: 'u-dist-north',
        },
      ] satisfies TestUser[]
    ).map((u) => ({ ...u, regionId: 'r-north' })),
    [{ sql: `INSERT INTO regions (id, name) VALUES ('r-north', 'North')`, args: [] }],
  );
  [retailer, retailer2, distributor, distributor2, manager, managerNorth, admin] =
    await Promise.all([
      h.login('+254700000101'),
      h.login('+254700000102'),
      h.login('+254700000201'),
      h.login('+254700000202'),
      h.login('manager@demo.airload'),
      h.login('north@test.airload'),
      h.login('admin@demo.airload'),
    ]);
});
afterAll(() => h.close());

interface RequestView {
  id: string;
  retailer_id: string;
  status: string;
  amount: number;
  transfer_id: number | null;
  reason: string | null;
}

const ask = (key: string | undefined, body: unknown, token = retailer) =>
  h.call('POST', '/api/v1/stock-requests', {
    token,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  });
const approve = (id: string, key: string, token = distributor) =>
  h.call('POST', `/api/v1/stock-requests/${id}/approve`, {
    token,
    headers: { 'idempotency-key': key },
  });
const reject = (id: string, body: unknown, token = distributor) =>
  h.call('POST', `/api/v1/stock-requests/${id}/reject`, { token, body });
const list = async (token: string, status?: string) => {
  const res = await h.call('GET', `/api/v1/stock-requests${status ? `?status=${status}` : ''}`, {
    token,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: RequestView[] }).items;
};
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;
const available = async (token: string) =>
  ((await (await h.call('GET', '/api/v1/wallet', { token })).json()) as { available: number })
    .available;

/** What a refused request must leave untouched. */
const snapshot = async () => ({
  requests: await h.count('stock_requests'),
  decisions: await h.count('stock_decision_keys'),
  transfers: await h.count('transfers'),
  audit: await h.count('audit_log'),
  sms: await h.count('sms_messages'),
});

/** Closes the retailer's pending request, so a test starts with none. */
async function clearPending(token = retailer, by = distributor) {
  for (const r of await list(token, 'pending')) await reject(r.id, { reason: 'reset' }, by);
}

async function pending(amount: number, token = retailer) {
  await clearPending(token, token === retailer2 || token === retailer ? distributor : distributor2);
  const res = await ask(`ask-${crypto.randomUUID()}`, { amount }, token);
  expect(res.status).toBe(201);
  return (await res.json()) as RequestView;
}

describe('asking for stock', () => {
  it('makes a pending request, and a replay of its key answers it again', async () => {
    const res = await ask('ask-1', { amount: 250_000, note: 'market day' });
    expect(res.status).toBe(201);
    const made = (await res.json()) as RequestView;
    expect(made).toMatchObject({
      retailer_id: 'u-ret-101',
      amount: 250_000,
      status: 'pending',
      note: 'market day',
      currency: 'KES',
      channel: 'app',
      transfer_id: null,
    });
    const before = await snapshot();
    const replay = await ask('ask-1', { amount: 250_000, note: 'market day' });
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(await replay.json()).toEqual(made);
    const other = await ask('ask-1', { amount: 250_001, note: 'market day' });
    expect([other.status, await errorCode(other)]).toEqual([422, 'idempotency_key_reused']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a second pending request with 409 stock_request_pending, writing nothing', async () => {
    await pending(10_000);
    const before = await snapshot();
    const res = await ask('ask-second', { amount: 5_000 });
    expect([res.status, await errorCode(res)]).toEqual([409, 'stock_request_pending']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an outlet without a distributor with 409 no_distributor: nobody could answer', async () => {
    await addUsers(h, [
      { id: 'u-orphan', role: 'retailer', name: 'Orphan', phone: '+254700000499' },
    ]);
    const token = await h.login('+254700000499');
    const before = await snapshot();
    const res = await ask('orphan', { amount: 1_000 }, token);
    expect([res.status, await errorCode(res)]).toEqual([409, 'no_distributor']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input with 400 and other roles with 403, writing nothing', async () => {
    const before = await snapshot();
    const bad: unknown[] = [
      {},
      { amount: 0 },
      { amount: -5 },
      { amount: 10.5 },
      { amount: '1000' },
      { amount: 1_000, extra: 1 },
      { amount: 1_000, note: 'x'.repeat(501) },
      { amount: 1_000, note: '   ' },
    ];
    for (const body of bad) {
      const res = await ask(`bad-${JSON.stringify(body)}`.replace(/[^A-Za-z0-9-]/g, ''), body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    const noKey = await ask(undefined, { amount: 1_000 });
    expect([noKey.status, await errorCode(noKey)]).toEqual([400, 'invalid_idempotency_key']);
    for (const token of [distributor, manager, admin]) {
      expect((await ask('staff', { amount: 1_000 }, token)).status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('approving', () => {
  it('moves the stock in the same write as the status, its audit entry and the SMS', async () => {
    const r = await pending(300_000);
    const [dist, ret] = [await available(distributor), await available(retailer)];
    const res = await approve(r.id, 'approve-1');
    expect(res.status).toBe(200);
    const approved = (await res.json()) as RequestView;
    expect(approved).toMatchObject({ id: r.id, status: 'approved', decided_by: 'u-dist-201' });
    expect(approved.transfer_id).toBeTypeOf('number');
    expect(await available(distributor)).toBe(dist - 300_000);
    expect(await available(retailer)).toBe(ret + 300_000);
    const { rows } = await h.database.client.execute({
      sql: `SELECT actor_id, subject, detail FROM audit_log WHERE action = 'stock_request_approved'`,
      args: [],
    });
    expect(rows.map((row) => [row.actor_id, row.subject])).toContainEqual([
      'u-dist-201',
      'u-ret-101',
    ]);
    await h.settled();
    const sms = await h.database.client.execute({
      sql: `SELECT to_number, body, status FROM sms_messages WHERE body LIKE '%approved%' ORDER BY created_at DESC`,
      args: [],
    });
    expect(sms.rows[0]).toMatchObject({ to_number: '+254700000101', status: 'sent' });
    expect(String(sms.rows[0]!.body)).toContain('KES 3,000.00');
    expect(await checkLedger(h.database.client)).toEqual([]);
    expect((await list(retailer, 'approved')).map((x) => x.id)).toContain(r.id);
  });

  it('approving twice with the same key is one transfer; another key gets 409', async () => {
    const r = await pending(20_000);
    const first = await approve(r.id, 'approve-twice');
    expect(first.status).toBe(200);
    const before = await snapshot();
    const again = await approve(r.id, 'approve-twice');
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(await again.json()).toEqual(await first.json());
    const other = await approve(r.id, 'approve-twice-other');
    expect([other.status, await errorCode(other)]).toEqual([409, 'stock_request_decided']);
    const reused = await approve((await pending(1_000)).id, 'approve-twice');
    expect([reused.status, await errorCode(reused)]).toEqual([422, 'idempotency_key_reused']);
    const after = await snapshot();
    expect(after.transfers).toBe(before.transfers);
  });

  it('nobody approves their own request, and only the retailer’s own distributor approves', async () => {
    const r = await pending(5_000);
    const before = await snapshot();
    for (const [token, status] of [
      [retailer, 403],
      [retailer2, 403],
      [manager, 403],
      [admin, 403],
      [distributor2, 404],
    ] as const) {
      expect((await approve(r.id, `not-mine-${status}`, token)).status).toBe(status);
      expect((await reject(r.id, { reason: 'no' }, token)).status).toBe(status);
    }
    expect((await approve('no-such-request', 'nobody')).status).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect((await list(retailer, 'pending')).map((x) => x.id)).toEqual([r.id]);
  });

  it('answers 402 when the wallet cannot pay, and the refusal sticks to its key', async () => {
    const r = await pending(5_000, await h.login('+254700000301'));
    // u-dist-202 has an empty wallet.
    const res = await approve(r.id, 'poor', distributor2);
    expect([res.status, await errorCode(res)]).toEqual([402, 'insufficient_funds']);
    expect((await list(distributor2, 'pending')).map((x) => x.id)).toEqual([r.id]);
    await h.call('POST', '/api/v1/admin/fundings', {
      token: admin,
      body: { phone: '+254700000202', amount: 5_000, reference: 'slip-stock-402' },
    });
    const again = await approve(r.id, 'poor', distributor2);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([402, 'true']);
    expect(await errorCode(again)).toBe('insufficient_funds');
    const fresh = await approve(r.id, 'rich', distributor2);
    expect(fresh.status).toBe(200);
    expect(await available(distributor2)).toBe(0);
    expect(await checkLedger(h.database.client)).toEqual([]);
  });
});

describe('rejecting', () => {
  it('rejects with a reason, tells the retailer, and the request can no longer be approved', async () => {
    const r = await pending(7_000);
    const before = await snapshot();
    const res = await reject(r.id, { reason: 'Pay the last invoice first' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'rejected',
      reason: 'Pay the last invoice first',
      transfer_id: null,
    });
    const after = await snapshot();
    expect(after.transfers).toBe(before.transfers);
    expect(after.sms).toBe(before.sms + 1);
    expect((await approve(r.id, 'after-reject')).status).toBe(409);
    expect((await reject(r.id, { reason: 'again' })).status).toBe(409);
  });

  it('refuses a missing or empty reason with 400, writing nothing', async () => {
    const r = await pending(7_000);
    const before = await snapshot();
    for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 'x'.repeat(501) }])
      expect((await reject(r.id, body)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('listing in scope', () => {
  it('shows each role its own scope only', async () => {
    await pending(1_000);
    await pending(2_000, retailer2);
    const north = await h.login('+254700000402');
    const n = await ask('north-1', { amount: 3_000 }, north);
    expect(n.status).toBe(201);
    const owners = async (token: string) => new Set((await list(token)).map((r) => r.retailer_id));
    expect(await owners(retailer)).toEqual(new Set(['u-ret-101']));
    expect(await owners(distributor)).toEqual(new Set(['u-ret-101', 'u-ret-102']));
    expect(await owners(distributor2)).toEqual(new Set(['u-ret-301']));
    expect((await owners(manager)).has('u-ret-north')).toBe(false);
    expect(await owners(managerNorth)).toEqual(new Set(['u-ret-north']));
    expect((await owners(admin)).has('u-ret-north')).toBe(true);
    expect((await list(distributor, 'pending')).every((r) => r.status === 'pending')).toBe(true);
    const bad = await h.call('GET', '/api/v1/stock-requests?status=open', { token: distributor });
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'invalid_query']);
  });
});

describe('stock transfers list and CSV', () => {
  it('lists the distributor’s own transfers and exports them as RFC 4180 CSV', async () => {
    const res = await h.call('GET', '/api/v1/stock-transfers', { token: distributor });
    const { items } = (await res.json()) as { items: { request_id: string | null }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((t) => t.request_id !== null)).toBe(true);
    const csv = await h.call('GET', '/api/v1/stock-transfers/export.csv', { token: distributor });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe(
      '"id","created_at","retailer_id","retailer_name","amount","currency","request_id"',
    );
    expect(lines.length).toBe(items.length + 2);
    expect((await h.call('GET', '/api/v1/stock-transfers', { token: retailer })).status).toBe(403);
  });
});

describe('two approvers racing', () => {
  it('50 requests approved in parallel by two sessions make exactly one transfer each', async () => {
    const shops = Array.from({ length: 50 }, (_, i) => ({
      id: `u-race-${i}`,
      role: 'retailer' as const,
      name: `Race ${i}`,
      phone: `+2547005${String(i).padStart(5, '0')}`,
      distributorId: 'u-dist-201',
    }));
    await addUsers(h, shops);
    const ids = await Promise.all(
      shops.map(async (s, i) => {
        const token = await h.login(s.phone);
        const res = await ask(`race-${i}`, { amount: 1_000 + i }, token);
        return ((await res.json()) as RequestView).id;
      }),
    );
    const sessions = [distributor, await h.login('+254700000201')];
    const before = await available(distributor);
    const answers = await Promise.all(
      ids.flatMap((id) => sessions.map((token, s) => approve(id, `race-${s}-${id}`, token))),
    );
    const statuses = answers.map((a) => a.status);
    for (let i = 0; i < ids.length; i++) {
      expect([statuses[2 * i], statuses[2 * i + 1]].sort()).toEqual([200, 409]);
    }
    const { rows } = await h.database.client.execute(
      `SELECT count(*) AS n, count(DISTINCT reference) AS d FROM transfers WHERE reference LIKE 'stock-request:%' AND credit_account_id LIKE '%u-race-%'`,
    );
    expect([Number(rows[0]!.n), Number(rows[0]!.d)]).toEqual([50, 50]);
    const total = shops.reduce((sum, _, i) => sum + 1_000 + i, 0);
    expect(await available(distributor)).toBe(before - total);
    expect(await checkLedger(h.database.client)).toEqual([]);
    expect(DEMO_FUNDING).toBeGreaterThan(total);
  });

  it('an approval and a rejection racing: exactly one wins each request, and only an approval moves money', async () => {
    const shops = Array.from({ length: 20 }, (_, i) => ({
      id: `u-duel-${i}`,
      role: 'retailer' as const,
      name: `Duel ${i}`,
      phone: `+2547006${String(i).padStart(5, '0')}`,
      distributorId: 'u-dist-201',
    }));
    await addUsers(h, shops);
    const ids = await Promise.all(
      shops.map(async (s, i) => {
        const res = await ask(`duel-${i}`, { amount: 2_000 }, await h.login(s.phone));
        return ((await res.json()) as RequestView).id;
      }),
    );
    const other = await h.login('+254700000201');
    const answers = await Promise.all(
      ids.flatMap((id) => [approve(id, `duel-${id}`), reject(id, { reason: 'duel' }, other)]),
    );
    const views = await list(distributor);
    for (let i = 0; i < ids.length; i++) {
      const [approved, rejected] = [answers[2 * i]!.status, answers[2 * i + 1]!.status];
      expect([approved, rejected].sort()).toEqual([200, 409]);
      const view = views.find((v) => v.id === ids[i])!;
      expect(view.status).toBe(approved === 200 ? 'approved' : 'rejected');
      expect(view.transfer_id === null).toBe(view.status === 'rejected');
    }
    expect(await checkLedger(h.database.client)).toEqual([]);
  });
});
