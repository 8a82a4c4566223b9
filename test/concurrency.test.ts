import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../worker/ledger/check';
import type { SaleView } from '../worker/sales/view';
import { createHarness, type Harness } from './support/harness';

interface ErrorBody {
  error: { code: string; message: string };
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const wallet = async (token: string) =>
  (await (await h.call('GET', '/api/v1/wallet', { token })).json()) as {
    available: number;
    held: number;
  };

describe('sales under concurrency', () => {
  it('makes exactly one sale from 100 parallel requests with one key', async () => {
    const token = await h.login('+254700000101');
    const body = { msisdn: '0712345678', amount: 10_000 };
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => h.sell(token, 'one-key-for-all', body)),
    );
    const answers = await Promise.all(
      responses.map(async (res) => ({ status: res.status, body: (await res.json()) as unknown })),
    );
    await h.settled();

    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const created = answers.filter((a) => a.status === 201).map((a) => a.body as SaleView);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((s) => s.id)).size).toBe(1);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect((a.body as ErrorBody).error.code).toBe('idempotency_in_progress');
    }

    const rows = await h.database.client.execute(
      `SELECT id, status FROM sales WHERE retailer_id = 'u-ret-101'`,
    );
    expect(rows.rows.map((r) => ({ id: r.id, status: r.status }))).toEqual([
      { id: created[0]!.id, status: 'succeeded' },
    ]);
    expect(await wallet(token)).toMatchObject({ available: 4_990_000, held: 0 });
    expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
  });

  it('lets 200 parallel sales spend a wallet that pays for 50, and no more', async () => {
    const token = await h.login('+254700000103');
    // The demo wallet holds 5,000,000: exactly 50 sales of 100,000.
    const amount = 100_000;
    expect(await wallet(token)).toMatchObject({ available: 50 * amount, held: 0 });

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        h.sell(token, `drain-${i}`, { msisdn: '0712345678', amount }),
      ),
    );
    const answers = await Promise.all(
      responses.map(async (res) => ({ status: res.status, body: (await res.json()) as unknown })),
    );
    await h.settled();

    const created = answers.filter((a) => a.status === 201).map((a) => a.body as SaleView);
    const refused = answers.filter((a) => a.status === 402).map((a) => a.body as ErrorBody);
    expect(created).toHaveLength(50);
    expect(created.every((s) => s.status === 'succeeded')).toBe(true);
    expect(new Set(created.map((s) => s.id)).size).toBe(50);
    expect(refused).toHaveLength(150);
    expect(refused.every((e) => e.error.code === 'insufficient_funds')).toBe(true);

    expect(await wallet(token)).toMatchObject({ available: 0, held: 0 });
    const sold = await h.database.client.execute(
      `SELECT count(*) AS n, sum(amount) AS total FROM sales WHERE retailer_id = 'u-ret-103' AND status = 'succeeded'`,
    );
    expect({ n: Number(sold.rows[0]!.n), total: Number(sold.rows[0]!.total) }).toEqual({
      n: 50,
      total: 50 * amount,
    });
    expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
  });
});
