import { beforeAll, describe, expect, it } from 'vitest';
import { Api, type ErrorBody, eventually, isFinal, type Sale, type Target } from './target';

interface StatementItem {
  kind: string;
  amount: number;
  available_change: number;
  sale: { id: string; status: string } | null;
}

/**
 * Every carrier outcome of the simulator (DESIGN 4) reaching its final status, the
 * reconciliation job, reversal and the statement, over HTTP. Retailer +254700000101.
 */
export function settlementTests(target: () => Target) {
  const api = () => new Api(target().url);
  let token: string;
  let key = 0;

  beforeAll(async () => {
    token = await api().login('+254700000101');
  });

  async function sell(msisdn: string, amount = 10_000): Promise<Sale> {
    const res = await api().sell(token, `settle-${Date.now()}-${++key}`, { msisdn, amount });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** Runs reconciliation until the sale is final (the job leaves it alone until it is due). */
  const reconciled = (id: string) =>
    eventually(async () => {
      await target().reconcile();
      return api().sale(token, id);
    }, isFinal);

  describe('carrier outcomes, settled by the request or by reconciliation', () => {
    it('brings every simulator suffix to its final status, never refunding on a guess', async () => {
      const before = await api().wallet(token);
      const cases = [
        ['0712345678', 'succeeded', null],
        ['0712345901', 'failed', 'carrier_declined'],
        ['0712345902', 'succeeded', null],
        ['0712345903', 'failed', 'carrier_not_received'],
        ['0712345904', 'succeeded', null],
        ['0712345905', 'failed', 'carrier_unavailable'],
      ] as const;
      const sales = await Promise.all(cases.map(([msisdn]) => sell(msisdn)));
      // The slow top-up (904) is still with the carrier when the API stops waiting.
      expect(sales[4]!.status).toBe('pending');

      // A timed-out top-up (902, 903) is `unknown`, its money still held, until reconciled.
      const lost = await eventually(
        () => api().sale(token, sales[2]!.id),
        (s) => s.status !== 'pending',
      );
      expect(lost.status).toBe('unknown');
      expect((await api().wallet(token)).held).toBeGreaterThanOrEqual(20_000);

      const final = await Promise.all(sales.map((sale) => reconciled(sale.id)));
      expect(final.map((s) => [s.status, s.failure_code])).toEqual(
        cases.map(([, status, code]) => [status, code]),
      );
      const after = await api().wallet(token);
      expect(after.held).toBe(0);
      expect(after.available).toBe(before.available - 3 * 10_000);
      expect(after.commission).toBe(before.commission + 3 * 600);

      const credited = (await (await fetch(`${target().carrierUrl}/credited`)).json()) as {
        items: Array<{ saleId: string; status: string }>;
      };
      const carrierSays = new Map(credited.items.map((c) => [c.saleId, c.status]));
      expect(sales.map((s) => carrierSays.get(s.id) ?? 'nothing')).toEqual([
        'succeeded',
        'nothing',
        'succeeded',
        'nothing',
        'succeeded',
        'nothing',
      ]);
    });
  });

  describe('reversal', () => {
    it('reverses a succeeded sale once: the money back, the commission taken back', async () => {
      const sale = await reconciled((await sell('0712345678', 20_000)).id);
      expect(sale.status).toBe('succeeded');
      const before = await api().wallet(token);

      const res = await api().call<Sale>('POST', `/api/v1/sales/${sale.id}/reversal`, { token });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('reversed');
      const after = await api().wallet(token);
      expect(after.available).toBe(before.available + 20_000);
      expect(after.commission).toBe(before.commission - sale.commission);

      const again = await api().call<Sale>('POST', `/api/v1/sales/${sale.id}/reversal`, { token });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await api().wallet(token)).toEqual(after);
    });

    it('refuses to reverse a failed sale', async () => {
      const failed = await reconciled((await sell('0712345901')).id);
      const res = await api().call<ErrorBody>('POST', `/api/v1/sales/${failed.id}/reversal`, {
        token,
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('sale_not_reversible');
    });
  });

  describe('statement', () => {
    it("lists the wallet's transfers newest first, each with its sale", async () => {
      const sale = await sell('0712345678', 30_000);
      await reconciled(sale.id);
      const res = await api().call<{ items: StatementItem[] }>(
        'GET',
        '/api/v1/wallet/statement?limit=20',
        { token },
      );
      expect(res.status).toBe(200);
      const mine = res.body.items.filter((item) => item.sale?.id === sale.id);
      expect(mine.map((item) => item.kind)).toEqual(['post', 'hold']);
      expect(mine.map((item) => item.available_change)).toEqual([0, -30_000]);
      expect(mine[0]!.sale!.status).toBe('succeeded');
      // The newest entry first: nothing was sold after this sale.
      expect(res.body.items[0]!.sale?.id).toBe(sale.id);
    });
  });
}
