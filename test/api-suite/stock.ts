import { describe, expect, it } from 'vitest';
import { Api, type ErrorBody, type Target } from './target';

interface StockRequest {
  id: string;
  status: string;
  amount: number;
  transfer_id: number | null;
}

/**
 * Stock requests (DESIGN 12, issue 11) over HTTP on every host: the retailer asks, two
 * sessions of its distributor approve at once with their own keys, and exactly one
 * transfer is made, in the write that approves (the ledger check after the concurrency
 * tests covers it). Retailer +254700000102 (whose balance no other test counts on).
 */
export function stockTests(target: () => Target) {
  const api = () => new Api(target().url);

  describe('stock requests (DESIGN 12)', () => {
    it('a request approved by two racing sessions makes one transfer, and its retailer gets an SMS', async () => {
      const shop = await api().login('+254700000102');
      const [one, two] = [await api().login('+254700000201'), await api().login('+254700000201')];
      const key = `suite-stock-${Date.now()}`;
      const ask = () =>
        api().call<StockRequest>('POST', '/api/v1/stock-requests', {
          token: shop,
          body: { amount: 123_400 },
          headers: { 'idempotency-key': key },
        });
      const asked = await ask();
      expect([asked.status, asked.body.status]).toEqual([201, 'pending']);
      const replay = await ask();
      expect([replay.body.id, replay.headers.get('idempotent-replayed')]).toEqual([
        asked.body.id,
        'true',
      ]);
      const before = (await api().wallet(shop)).available;

      const approve = (token: string, k: string) =>
        api().call<StockRequest & ErrorBody>(
          'POST',
          `/api/v1/stock-requests/${asked.body.id}/approve`,
          { token, headers: { 'idempotency-key': k } },
        );
      const answers = await Promise.all([approve(one, `${key}-a`), approve(two, `${key}-b`)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const won = answers.find((a) => a.status === 200)!;
      expect(won.body).toMatchObject({ status: 'approved', amount: 123_400 });
      expect(won.body.transfer_id).toBeTypeOf('number');
      expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('stock_request_decided');
      expect((await api().wallet(shop)).available).toBe(before + 123_400);

      const { rows } = await target().database.execute({
        sql: `SELECT (SELECT count(*) FROM transfers WHERE reference = ?) AS transfers,
                (SELECT count(*) FROM sms_messages WHERE to_number = '+254700000102'
                   AND body LIKE '%approved%') AS sms`,
        args: [`stock-request:${asked.body.id}`],
      });
      expect([Number(rows[0]!.transfers), Number(rows[0]!.sms)]).toEqual([1, 1]);
    }, 30_000);
  });
}
