import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FUNDING } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { reconcile } from '../sales/reconcile';

interface Wallet {
  available: number;
  held: number;
  commission: number;
  currency: string;
}

interface StatementLine {
  id: number;
  kind: string;
  amount: number;
  available_change: number;
  sale: { id: string; msisdn: string; status: string; commission: number } | null;
}

interface Statement {
  items: StatementLine[];
  next_cursor: number | null;
}

let h: Harness;
let token: string;
let otherToken: string;
let keys = 0;

beforeAll(async () => {
  h = await createHarness();
  token = await h.login('+254700000101');
  otherToken = await h.login('+254700000102');
});
afterAll(() => h.close());

const wallet = async (as = token) =>
  (await (await h.call('GET', '/api/v1/wallet', { token: as })).json()) as Wallet;

async function sell(msisdn: string, amount: number, as = token) {
  const res = await h.sell(as, `wallet-test-${++keys}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; status: string; commission: number };
}

async function statementPage(limit: number, cursor?: number, as = token) {
  const query = `limit=${limit}${cursor === undefined ? '' : `&cursor=${cursor}`}`;
  const res = await h.call('GET', `/api/v1/wallet/statement?${query}`, { token: as });
  expect(res.status).toBe(200);
  return (await res.json()) as Statement;
}

/** Every line of the statement, page by page. */
async function wholeStatement(limit: number, as = token): Promise<StatementLine[][]> {
  const pages: StatementLine[][] = [];
  let cursor: number | undefined;
  // Bounded, so a cursor that does not move fails the test instead of hanging it.
  for (let n = 0; n < 100; n++) {
    const page = await statementPage(limit, cursor, as);
    pages.push(page.items);
    if (page.next_cursor === null) return pages;
    cursor = page.next_cursor;
  }
  throw new Error(`the statement did not end after 100 pages of ${limit}`);
}

describe('wallet', () => {
  it('starts with the seeded funding and nothing held', async () => {
    expect(await wallet()).toEqual({
      available: DEMO_FUNDING,
      held: 0,
      commission: 0,
      currency: 'KES',
    });
  });

  it('takes a succeeded sale from available and credits its commission rounded down', async () => {
    const before = await wallet();
    // Airtel, 5%: 999 * 0.05 = 49.95, paid as 49.
    const sale = await sell('0733111222', 999);
    expect(sale).toMatchObject({ status: 'succeeded', commission: 49 });
    expect(await wallet()).toEqual({
      ...before,
      available: before.available - 999,
      commission: before.commission + 49,
    });
  });

  it('shows a sale with an unknown outcome as held, and settles it after reconciliation', async () => {
    const before = await wallet();
    // Safaricom, 6%: 10_010 * 0.06 = 600.6, paid as 600.
    const sale = await sell('0712345902', 10_010);
    expect(sale.status).toBe('unknown');
    expect(await wallet()).toEqual({
      ...before,
      available: before.available - 10_010,
      held: before.held + 10_010,
    });

    h.clock.advance(h.config.RECONCILE_AFTER_MS + 1);
    await reconcile(h.deps);
    expect(await wallet()).toEqual({
      ...before,
      available: before.available - 10_010,
      commission: before.commission + 600,
    });
  });

  it('gives back a failed sale', async () => {
    const before = await wallet();
    expect((await sell('0712345901', 2_000)).status).toBe('failed');
    expect(await wallet()).toEqual(before);
  });

  it('is not moved by another retailer selling', async () => {
    const before = await wallet();
    await sell('0712000111', 5_000, otherToken);
    expect(await wallet()).toEqual(before);
    expect((await wallet(otherToken)).available).toBe(DEMO_FUNDING - 5_000);
  });
});

describe('wallet statement', () => {
  beforeAll(async () => {
    // Enough lines for several pages, and one sale left open (held).
    for (let i = 0; i < 6; i++) await sell(`07123450${10 + i}`, 1_000 + i);
    await sell('0712345902', 3_000);
    await h.settled();
  });

  it('lists lines newest first, each with its sale', async () => {
    const { items } = await statementPage(100);
    const ids = items.map((line) => line.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(items.at(-1)).toMatchObject({ kind: 'funding', amount: DEMO_FUNDING, sale: null });
    for (const line of items) {
      expect(typeof line.kind).toBe('string');
      expect(Number.isInteger(line.amount)).toBe(true);
      expect(Number.isInteger(line.available_change)).toBe(true);
      if (line.kind === 'funding') continue;
      expect(line.sale).toEqual({
        id: expect.any(String),
        msisdn: expect.stringMatching(/^\+254\d{9}$/),
        status: expect.any(String),
        commission: expect.any(Number),
      });
    }
    const succeeded = items.find(
      (line) => line.kind === 'post' && line.sale?.status === 'succeeded',
    );
    expect(succeeded?.sale?.commission).toBe(Math.floor((succeeded!.amount * 600) / 10_000));
    const open = items.find((line) => line.sale?.status === 'unknown');
    expect(open).toMatchObject({ kind: 'hold', amount: 3_000, available_change: -3_000 });
  });

  it('pages by cursor with no gaps and no repeats', async () => {
    const all = (await statementPage(100)).items.map((line) => line.id);
    expect(all.length).toBeGreaterThan(12);
    for (const limit of [1, 3, 5, 7]) {
      const pages = await wholeStatement(limit);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
      expect(pages.flat().map((line) => line.id)).toEqual(all);
    }
  });

  it('adds up to the available balance', async () => {
    const lines = (await wholeStatement(4)).flat();
    const sum = lines.reduce((total, line) => total + line.available_change, 0);
    expect(sum).toBe((await wallet()).available);
    expect(await h.count('transfers')).toBeGreaterThan(lines.length);
  });

  it('never shows another retailer its transfers', async () => {
    const mine = (await wholeStatement(100)).flat();
    const theirs = (await wholeStatement(100, otherToken)).flat();
    const rows = await h.database.client.execute(
      `SELECT id FROM sales WHERE retailer_id = 'u-ret-101'`,
    );
    const ownSales = new Set(rows.rows.map((r) => String(r.id)));
    for (const line of mine) if (line.sale) expect(ownSales.has(line.sale.id)).toBe(true);
    for (const line of theirs) if (line.sale) expect(ownSales.has(line.sale.id)).toBe(false);
    const mineIds = new Set(mine.map((line) => line.id));
    expect(theirs.some((line) => mineIds.has(line.id))).toBe(false);
    expect(theirs.map((line) => line.kind).sort()).toEqual(['funding', 'hold', 'post']);
  });

  it('refuses a bad limit or cursor with a 400', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=-1', 'cursor=1.5']) {
      const res = await h.call('GET', `/api/v1/wallet/statement?${query}`, { token });
      expect(res.status).toBe(400);
    }
  });
});
