import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FUNDING } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers, SECOND_DISTRIBUTOR } from '../../test/support/users';
import { checkLedger } from '../ledger/check';

let h: Harness;
let distributor: string;
let retailer: string;

beforeAll(async () => {
  h = await createHarness();
  await addUsers(h, SECOND_DISTRIBUTOR);
  [distributor, retailer] = await Promise.all([h.login('+254700000201'), h.login('+254700000101')]);
});
afterAll(() => h.close());

const send = (key: string, body: unknown, token = distributor) =>
  h.call('POST', '/api/v1/stock-transfers', { token, body, headers: { 'idempotency-key': key } });

const available = async (token: string) =>
  ((await (await h.call('GET', '/api/v1/wallet', { token })).json()) as { available: number })
    .available;

const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

/** What a refused transfer must leave untouched. */
const snapshot = async () => ({
  transfers: await h.count('transfers'),
  audit: await h.count('audit_log'),
  distributor: await available(distributor),
  retailer: await available(retailer),
});

describe('stock transfers', () => {
  it('moves stock from the distributor’s wallet to its retailer’s in one write', async () => {
    const res = await send('stock-1', { retailer_id: 'u-ret-101', amount: 100_000 });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      retailer_id: 'u-ret-101',
      amount: 100_000,
      currency: 'KES',
    });
    expect(await available(distributor)).toBe(DEMO_FUNDING - 100_000);
    expect(await available(retailer)).toBe(DEMO_FUNDING + 100_000);
    expect(await checkLedger(h.database.client)).toEqual([]);
    const { rows } = await h.database.client.execute(
      `SELECT actor_id, subject, detail FROM audit_log WHERE action = 'stock_transfer'`,
    );
    expect(rows.map((r) => [r.actor_id, r.subject])).toEqual([['u-dist-201', 'u-ret-101']]);
    expect(JSON.parse(String(rows[0]!.detail))).toEqual({ amount: 100_000, key: 'stock-1' });
  });

  it('answers a replay with the same transfer, and refuses the key for another body', async () => {
    const body = { retailer_id: 'u-ret-102', amount: 20_000 };
    const first = await send('stock-2', body);
    expect(first.status).toBe(201);
    const before = await snapshot();
    const replay = await send('stock-2', body);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    for (const other of [
      { ...body, amount: 20_001 },
      { ...body, retailer_id: 'u-ret-103' },
    ]) {
      const res = await send('stock-2', other);
      expect([res.status, await errorCode(res)]).toEqual([422, 'idempotency_key_reused']);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('keeps keys per distributor: another distributor’s key of the same name is its own', async () => {
    const other = await h.login('+254700000202');
    await h.call('POST', '/api/v1/admin/fundings', {
      token: await h.login('admin@demo.airload'),
      body: { phone: '+254700000202', amount: 50_000, reference: 'slip-d2' },
    });
    const res = await send('stock-1', { retailer_id: 'u-ret-301', amount: 50_000 }, other);
    expect(res.status).toBe(201);
    expect(await available(other)).toBe(0);
  });

  it('refuses with 402 when the wallet cannot pay, writes nothing, and the key stays usable', async () => {
    const before = await snapshot();
    const body = { retailer_id: 'u-ret-101', amount: before.distributor + 1 };
    const res = await send('stock-big', body);
    expect([res.status, await errorCode(res)]).toEqual([402, 'insufficient_funds']);
    expect(await snapshot()).toEqual(before);

    await h.call('POST', '/api/v1/admin/fundings', {
      token: await h.login('admin@demo.airload'),
      body: { phone: '+254700000201', amount: 1, reference: 'slip-top-up' },
    });
    expect((await send('stock-big', body)).status).toBe(201);
    expect(await available(distributor)).toBe(0);
    expect(await checkLedger(h.database.client)).toEqual([]);
  });

  it('answers 404 for a retailer that is not under this distributor, and writes nothing', async () => {
    const before = await snapshot();
    for (const retailer_id of ['u-ret-301', 'u-dist-201', 'u-dist-202', 'u-manager', 'nobody']) {
      const res = await send(`stock-404-${retailer_id}`, { retailer_id, amount: 1_000 });
      expect([retailer_id, res.status]).toEqual([retailer_id, 404]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses retailers and managers (403) and a request without a key (400)', async () => {
    const body = { retailer_id: 'u-ret-102', amount: 1_000 };
    expect((await send('stock-r', body, retailer)).status).toBe(403);
    expect((await send('stock-m', body, await h.login('manager@demo.airload'))).status).toBe(403);
    const noKey = await h.call('POST', '/api/v1/stock-transfers', { token: distributor, body });
    expect([noKey.status, await errorCode(noKey)]).toEqual([400, 'invalid_idempotency_key']);
  });
});
