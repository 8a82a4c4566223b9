import { beforeAll, describe, expect, it } from 'vitest';
import { Api, eventually, isFinal, type Sale, type Target } from './target';

interface Dispute {
  id: string;
  sale_id: string;
  status: string;
  evidence: { carrier: { status: string; reference: string | null } };
  resolution: { source: string | null; amount: number } | null;
}

/**
 * Disputes (issue 12) over HTTP on every host, kept simple: opening with the carrier's
 * evidence, the replay and 409 dispute_open, a manager's refund through the carrier's
 * reversal, and the automatic refund of a top-up that never arrived (903). Retailer
 * +254700000101, after the settlement tests (it only compares its wallet before/after).
 */
export function disputeTests(target: () => Target) {
  const api = () => new Api(target().url);
  let shop: string;
  let manager: string;
  let key = 0;
  const unique = () => `dispute-suite-${Date.now()}-${++key}`;

  beforeAll(async () => {
    shop = await api().login('+254700000101');
    manager = await api().login('manager@demo.airload');
  });

  async function sell(msisdn: string): Promise<Sale> {
    const res = await api().sell(shop, unique(), { msisdn, amount: 10_000 });
    expect(res.status).toBe(201);
    return eventually(async () => {
      await target().reconcile();
      return api().sale(shop, res.body.id);
    }, isFinal);
  }

  const open = (saleId: string, body: unknown, k = unique()) =>
    api().call<Dispute & { error?: { code: string } }>('POST', `/api/v1/sales/${saleId}/disputes`, {
      token: shop,
      body,
      headers: { 'idempotency-key': k },
    });

  describe('disputes', () => {
    it('opens one with the carrier’s evidence, replays it for its key, and refuses a second (409)', async () => {
      const sale = await sell('0712345678');
      const k = unique();
      const first = await open(sale.id, { reason: 'wrong_number', note: 'suite' }, k);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ sale_id: sale.id, status: 'open' });
      expect(first.body.evidence.carrier.status).toBe('succeeded');
      const again = await open(sale.id, { reason: 'wrong_number', note: 'suite' }, k);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const second = await open(sale.id, { reason: 'other' });
      expect(second.status).toBe(409);
      expect(second.body.error?.code).toBe('dispute_open');
      const list = await api().call<{ items: Dispute[] }>(
        'GET',
        '/api/v1/disputes?status=open&limit=100',
        {
          token: manager,
        },
      );
      expect(list.body.items.map((d) => d.id)).toContain(first.body.id);
    });

    it('refunds on the manager’s word through the carrier’s reversal, once', async () => {
      const sale = await sell('0712345678');
      const dispute = (await open(sale.id, { reason: 'wrong_number' })).body;
      const before = await api().wallet(shop);
      const res = await api().call<Dispute>('POST', `/api/v1/disputes/${dispute.id}/resolve`, {
        token: manager,
        body: { outcome: 'refunded', note: 'suite refund' },
      });
      expect(res.status).toBe(200);
      expect(res.body.resolution).toMatchObject({ source: 'carrier_reversal', amount: 10_000 });
      expect((await api().wallet(shop)).available).toBe(before.available + 10_000);
      const after = (await api().sale(shop, sale.id)) as Sale & { refunded_at?: string | null };
      expect(after.status).toBe('reversed');
      expect(after.refunded_at).toEqual(expect.any(String));
      const twice = await api().call('POST', `/api/v1/disputes/${dispute.id}/resolve`, {
        token: manager,
        body: { outcome: 'refunded', note: 'again' },
      });
      expect(twice.status).toBe(409);
    });

    it('refunds a not_received dispute at once when the top-up never arrived (903)', async () => {
      const sale = await sell('0712345903');
      expect(sale.status).toBe('failed');
      const res = await open(sale.id, { reason: 'not_received' });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('refunded');
      expect(res.body.evidence.carrier.status).toBe('not_found');
    });
  });
}
