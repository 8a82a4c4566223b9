import type { InStatement, InValue } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';
import type { CarrierGateway } from '../carrier/gateway';
import type { SaleView } from './view';

interface Wallet {
  available: number;
  held: number;
  commission: number;
  currency: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface SalePage {
  items: SaleView[];
  next_cursor: string | null;
}

let h: Harness;
let token: string;
let other: string;
/** What the database said at the moment the carrier was asked to top up each sale. */
const atCarrier = new Map<string, { status: unknown; debitsPending: number }>();

const scalar = async (sql: string, args: InValue[] = []) =>
  Number((await h.database.client.execute({ sql, args })).rows[0]!.n);

/** Passes every call to the harness's simulator, after looking at what is committed. */
const inspectingCarrier: CarrierGateway = {
  async topup(request, timeoutMs) {
    const { rows } = await h.database.client.execute({
      sql: `SELECT s.status, a.debits_pending FROM sales s
            JOIN accounts a ON a.user_id = s.retailer_id AND a.kind = 'wallet' WHERE s.id = ?`,
      args: [request.saleId],
    });
    atCarrier.set(request.saleId, {
      status: rows[0]?.status,
      debitsPending: Number(rows[0]?.debits_pending),
    });
    return h.simulator.topup(request, timeoutMs);
  },
  status: (saleId, timeoutMs) => h.simulator.status(saleId, timeoutMs),
  report: (from, to, timeoutMs) => h.simulator.report(from, to, timeoutMs),
  reverse: (saleId, timeoutMs) => h.simulator.reverse(saleId, timeoutMs),
};

/** A retailer of its own, created the way the seed does it, with `funding` in its wallet. */
async function addRetailer(id: string, phone: string, funding: number): Promise<string> {
  await addUsers(h, [{ id, role: 'retailer', name: id, phone, funding }]);
  return h.login(phone);
}

const wallet = async (as = token) =>
  (await (await h.call('GET', '/api/v1/wallet', { token: as })).json()) as Wallet;

/** Everything a rejected request must leave untouched. */
async function snapshot(as = token) {
  await h.settled();
  return {
    sales: await h.count('sales'),
    keys: await h.count('idempotency_keys'),
    transfers: await h.count('transfers'),
    wallet: await wallet(as),
  };
}

const order = { msisdn: '0712345678', amount: 10_000 };

beforeAll(async () => {
  h = await createHarness({ carrier: inspectingCarrier });
  token = await h.login('+254700000101');
  other = await h.login('+254700000102');
});
afterAll(() => h.close());

describe('POST /api/v1/sales idempotency (DESIGN 4)', () => {
  it.each([
    ['no key', undefined],
    ['a key over 255 characters', 'k'.repeat(256)],
    ['a key with a space', 'bad key'],
    ['a key with a slash', 'sale/1'],
    ['an empty key', ''],
  ])('refuses %s with 400 and writes nothing', async (_, key) => {
    const before = await snapshot();
    const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };
    const res = await h.call('POST', '/api/v1/sales', { token, body: order, headers });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_idempotency_key');
    expect(await snapshot()).toEqual(before);
  });

  it('creates the sale for a new key (a 255-character key is allowed)', async () => {
    const res = await h.sell(token, 'n'.repeat(255), { msisdn: '0712 345 678', amount: 10_000 });
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await res.json()).toMatchObject({
      msisdn: '+254712345678',
      amount: 10_000,
      currency: 'KES',
      status: 'succeeded',
      commission: 600,
    });
  });

  it('commits the hold before the carrier is called', async () => {
    await h.settled();
    const before = await wallet();
    expect(before.held).toBe(0);
    const sale = (await (
      await h.sell(token, 'hold-first', { ...order, amount: 7_500 })
    ).json()) as SaleView;
    expect(atCarrier.get(sale.id)).toEqual({ status: 'pending', debitsPending: 7_500 });
    expect(sale.status).toBe('succeeded');
  });

  it('replays the stored answer for the same key and body', async () => {
    const first = await h.sell(token, 'replay-1', order);
    const body = await first.json();
    const before = await snapshot();
    const again = await h.sell(token, 'replay-1', order);
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(body);
    expect(await snapshot()).toEqual(before);
    const id = (body as SaleView).id;
    expect(
      await scalar(`SELECT count(*) AS n FROM transfers WHERE sale_id = ? AND kind = 'hold'`, [id]),
    ).toBe(1);
    expect(
      await scalar(`SELECT count(*) AS n FROM sales WHERE retailer_id = 'u-ret-101' AND id = ?`, [
        id,
      ]),
    ).toBe(1);
  });

  it('answers 409 while the first request with the key is still being written', async () => {
    const writer = h.deps.writer;
    const isHold = (s: InStatement[]) =>
      s.some((x) => typeof x !== 'string' && x.sql.includes('INSERT INTO sales'));
    let reached!: () => void;
    let release!: () => void;
    const atHold = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let gated = false;
    h.deps.writer = {
      async write(statements) {
        if (!gated && isHold(statements)) {
          gated = true;
          reached();
          await gate;
        }
        return writer.write(statements);
      },
      close: () => writer.close(),
    };
    try {
      const before = await snapshot();
      const first = h.sell(token, 'in-flight', order);
      await atHold;
      const second = await h.sell(token, 'in-flight', order);
      expect(second.status).toBe(409);
      expect(((await second.json()) as ErrorBody).error.code).toBe('idempotency_in_progress');
      expect(await snapshot()).toEqual(before);
      release();
      expect((await first).status).toBe(201);
    } finally {
      release();
      h.deps.writer = writer;
    }
    const again = await h.sell(token, 'in-flight', order);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key with another body with 422 and writes nothing', async () => {
    expect((await h.sell(token, 'reused', order)).status).toBe(201);
    const before = await snapshot();
    for (const body of [
      { ...order, amount: 10_001 },
      { ...order, msisdn: '0712345679' },
    ]) {
      const res = await h.sell(token, 'reused', body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as ErrorBody).error.code).toBe('idempotency_key_reused');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('keeps an insufficient-funds rejection for the key, even after the wallet is funded', async () => {
    const poor = await addRetailer('u-test-poor', '+254700000104', 1_000);
    const before = await snapshot(poor);
    const refused = await h.sell(poor, 'poor-1', { ...order, amount: 5_000 });
    expect(refused.status).toBe(402);
    expect(refused.headers.get('idempotent-replayed')).toBeNull();
    const rejection = (await refused.json()) as ErrorBody;
    expect(rejection.error.code).toBe('insufficient_funds');
    const after = await snapshot(poor);
    expect(after).toEqual({ ...before, keys: before.keys + 1 });

    const admin = await h.login('admin@demo.airload');
    const funding = await h.call('POST', '/api/v1/admin/fundings', {
      token: admin,
      body: { phone: '+254700000104', amount: 100_000, reference: 'test-topup-poor' },
    });
    expect(funding.status).toBe(201);
    expect((await wallet(poor)).available).toBe(101_000);

    const again = await h.sell(poor, 'poor-1', { ...order, amount: 5_000 });
    expect(again.status).toBe(402);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(rejection);
    expect((await wallet(poor)).available).toBe(101_000);

    const fresh = await h.sell(poor, 'poor-2', { ...order, amount: 5_000 });
    expect(fresh.status).toBe(201);
    expect(((await fresh.json()) as SaleView).status).toBe('succeeded');
  });

  it.each([499, 1_000_001])(
    'keeps an amount_out_of_range rejection (%i) for the key',
    async (amount) => {
      const key = `range-${amount}`;
      const before = await snapshot();
      const first = await h.sell(token, key, { ...order, amount });
      expect(first.status).toBe(422);
      const rejection = (await first.json()) as ErrorBody;
      expect(rejection.error.code).toBe('amount_out_of_range');
      expect(await snapshot()).toEqual({ ...before, keys: before.keys + 1 });

      const again = await h.sell(token, key, { ...order, amount });
      expect(again.status).toBe(422);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(rejection);

      const fixed = await h.sell(token, key, order);
      expect(((await fixed.json()) as ErrorBody).error.code).toBe('idempotency_key_reused');
      expect((await h.sell(token, `${key}-retry`, order)).status).toBe(201);
    },
  );

  it('scopes keys to the retailer: the same key from two retailers makes two sales', async () => {
    const mine = await h.sell(token, 'shared-key', order);
    const theirs = await h.sell(other, 'shared-key', order);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    const [a, b] = [(await mine.json()) as SaleView, (await theirs.json()) as SaleView];
    expect(a.id).not.toBe(b.id);
    expect(
      await scalar(`SELECT count(*) AS n FROM idempotency_keys WHERE key = 'shared-key'`),
    ).toBe(2);
  });
});

describe('GET /api/v1/sales', () => {
  it('shows a retailer its own sale and hides it from another retailer', async () => {
    const sale = (await (await h.sell(token, 'look-up', order)).json()) as SaleView;
    const own = await h.call('GET', `/api/v1/sales/${sale.id}`, { token });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual(sale);

    const foreign = await h.call('GET', `/api/v1/sales/${sale.id}`, { token: other });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as ErrorBody).error.code).toBe('not_found');
    expect((await h.call('GET', '/api/v1/sales/no-such-sale', { token })).status).toBe(404);
  });

  it('lists sales newest first in pages that join up without gaps or repeats', async () => {
    const pager = await addRetailer('u-test-pager', '+254700000105', 100_000);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.sell(pager, `page-${i}`, { ...order, amount: 1_000 + i });
      made.push(((await res.json()) as SaleView).id);
    }
    const seen: SaleView[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/sales?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await h.call('GET', path, { token: pager });
      expect(res.status).toBe(200);
      const page = (await res.json()) as SalePage;
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor && sizes.length < 10);

    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.map((s) => s.id)).toEqual([...made].reverse());
    expect(seen.map((s) => s.amount)).toEqual([1_004, 1_003, 1_002, 1_001, 1_000]);
  });
});
