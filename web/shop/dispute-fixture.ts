import type { Dispute } from '../shared/types';

/** An open `not_received` dispute of aSale() as the server shows it, for the web unit tests. */
export const aDispute = (over: Partial<Dispute> = {}): Dispute => ({
  id: 'd-1',
  sale_id: '0190-sale',
  outlet_id: 'u-ret-101',
  outlet_name: 'Demo Shop 101',
  reason: 'not_received',
  status: 'open',
  note: null,
  channel: 'app',
  opened_at: '2025-01-02T09:00:00.000Z',
  due_at: '2025-01-04T09:00:00.000Z',
  overdue: false,
  evidence: {
    carrier: {
      status: 'succeeded',
      reference: 'SIM-1',
      reason: null,
      checked_at: '2025-01-02T09:00:00.000Z',
    },
    sale: {
      status: 'succeeded',
      msisdn: '+254712345678',
      amount: 10_000,
      currency: 'KES',
      created_at: '2025-01-01T00:00:00.000Z',
      history: [{ status: 'succeeded', at: '2025-01-01T00:00:01.000Z' }],
    },
  },
  history: [
    {
      at: '2025-01-02T09:00:00.000Z',
      status: 'open',
      actor_id: 'u-ret-101',
      actor_role: 'retailer',
      channel: 'app',
      note: null,
    },
  ],
  resolution: null,
  ...over,
});
