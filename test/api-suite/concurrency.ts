import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../worker/ledger/check';
import { type Answer, Api, eventually, type Sale, type Target } from './target';

/** Answers other than `expected`, with their bodies, to say what went wrong. */
const unexpected = (answers: Answer[], ...expected: number[]) =>
  answers.filter((a) => !expected.includes(a.status)).map((a) => [a.status, a.body]);

const countBy = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>((counts, a) => {
    counts[a.status] = (counts[a.status] ?? 0) + 1;
    return counts;
  }, {});

/**
 * Parallel requests against one host (DESIGN 3 and 4; issue 5: no client ever sees the
 * database's BUSY), then every ledger invariant checked on the database itself.
 * Retailers +254700000102 and +254700000103 (whose wallet this file drains).
 */
export function concurrencyTests(target: () => Target) {
  const api = () => new Api(target().url);

  /** Every pending or unknown sale settled, so that the ledger can be compared with the carrier. */
  async function settleAll() {
    await eventually(
      async () => {
        await target().reconcile();
        const open = await target().database.execute(
          `SELECT count(*) AS n FROM sales WHERE status IN ('pending', 'unknown')`,
        );
        return Number(open.rows[0]!.n);
      },
      (open) => open === 0,
      30_000,
    );
  }

  describe('sales under concurrency', () => {
    it('reads a sale right after it is made', async () => {
      const token = await api().login('+254700000102');
      for (let i = 0; i < 10; i++) {
        const made = await api().sell(token, `readable-${Date.now()}-${i}`, {
          msisdn: '0712345678',
          amount: 1_000,
        });
        expect(made.status).toBe(201);
        const read = await api().call<Sale>('GET', `/api/v1/sales/${made.body.id}`, { token });
        expect(read.status).toBe(200);
        expect(read.body.id).toBe(made.body.id);
      }
    });

    it('makes exactly one sale from 100 parallel requests with one key', async () => {
      const token = await api().login('+254700000102');
      const before = await api().wallet(token);
      const key = `one-key-for-all-${Date.now()}`;
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          api().sell(token, key, { msisdn: '0712345678', amount: 10_000 }),
        ),
      );
      const statuses = countBy(answers);
      expect(Object.keys(statuses).filter((s) => s !== '201' && s !== '409')).toEqual([]);
      const created = answers.filter((a) => a.status === 201).map((a) => a.body.id);
      expect(new Set(created).size).toBe(1);
      for (const a of answers.filter((x) => x.status === 409)) {
        expect(a.body.error.code).toBe('idempotency_in_progress');
      }
      // On two busy cores the carrier call may outlast CARRIER_TIMEOUT_MS: the sale is then
      // `unknown` until reconciliation asks the carrier, which did credit it (DESIGN 4).
      const sale = await eventually(
        async () => {
          const s = await api().sale(token, created[0]!);
          if (s.status === 'unknown') await target().reconcile();
          return s;
        },
        (s) => s.status === 'succeeded',
      );
      expect(sale.amount).toBe(10_000);
      expect((await api().wallet(token)).available).toBe(before.available - 10_000);
    }, 60_000);

    it('answers 64 parallel sales without a single 5xx (BUSY never reaches a client)', async () => {
      const token = await api().login('+254700000102');
      const run = `busy-${Date.now()}`;
      const answers = await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          api().sell(token, `${run}-${i}`, { msisdn: '0712345678', amount: 1_000 }),
        ),
      );
      expect(unexpected(answers, 201)).toEqual([]);
      expect(countBy(answers)).toEqual({ 201: 64 });
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(64);
    }, 60_000);

    it('lets 200 parallel sales spend a wallet that pays for 50, and no more', async () => {
      const token = await api().login('+254700000103');
      const amount = 100_000;
      // The demo wallet holds 5,000,000: exactly 50 sales of 100,000.
      expect(await api().wallet(token)).toMatchObject({ available: 50 * amount, held: 0 });
      const run = `drain-${Date.now()}`;
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          api().sell(token, `${run}-${i}`, { msisdn: '0712345678', amount }),
        ),
      );
      expect(unexpected(answers, 201, 402)).toEqual([]);
      expect(countBy(answers)).toEqual({ 201: 50, 402: 150 });
      for (const a of answers.filter((x) => x.status === 402)) {
        expect(a.body.error.code).toBe('insufficient_funds');
      }
      const created = answers.filter((a) => a.status === 201).map((a) => a.body.id);
      expect(new Set(created).size).toBe(50);

      await settleAll();
      const sold = await target().database.execute({
        sql: `SELECT status, count(*) AS n, sum(amount) AS total FROM sales
              WHERE retailer_id = 'u-ret-103' GROUP BY status`,
        args: [],
      });
      expect(sold.rows.map((r) => [r.status, Number(r.n), Number(r.total)])).toEqual([
        ['succeeded', 50, 50 * amount],
      ]);
      expect(await api().wallet(token)).toMatchObject({ available: 0, held: 0 });
    }, 90_000);
  });

  describe('the ledger after all of it', () => {
    it('keeps every invariant, and agrees with what the carrier credited', async () => {
      await settleAll();
      const credited = (await (await fetch(`${target().carrierUrl}/credited`)).json()) as {
        items: Parameters<typeof checkLedger>[1];
      };
      expect(await checkLedger(target().database, credited.items)).toEqual([]);
    }, 60_000);

    it('sent every settled sale its receipt, whether a request or reconciliation settled it', async () => {
      await settleAll();
      const count = async (sql: string) =>
        Number((await target().database.execute(sql)).rows[0]!.n);
      await eventually(
        () => count(`SELECT count(*) AS n FROM sms_messages WHERE status IN ('queued', 'sending')`),
        (open) => open === 0,
      );
      const settled = await target().database.execute(
        `SELECT id FROM sales WHERE status IN ('succeeded', 'failed', 'reversed')`,
      );
      // What the SMS provider was asked to send names each sale (DESIGN 6 receipts).
      const named = target()
        .sms.received.map((m) => m.message)
        .join('\n');
      const missing = settled.rows.map((r) => String(r.id)).filter((id) => !named.includes(id));
      expect(missing).toEqual([]);
    }, 60_000);
  });
}
