import { describe, expect, it } from 'vitest';
import { queued } from '../shared/outbox/machine';
import { aDispute } from './dispute-fixture';
import { canDispute, disputeRows, openDisputeOf } from './disputes';
import type { Entry } from './history';
import type { QueuedDispute } from './outbox/disputes';

const item = (
  key: string,
  createdAt: number,
  over: Partial<QueuedDispute> = {},
): QueuedDispute => ({
  ...queued<QueuedDispute>(
    { key, userId: 'u-1', saleId: 'sale-1', msisdn: '+254712345678', reason: 'wrong_number' },
    createdAt,
  ),
  ...over,
});

const entry = (over: Partial<Entry> = {}): Entry => ({
  ref: 'sale-1',
  saleId: 'sale-1',
  msisdn: '+254712345678',
  amount: 10_000,
  currency: 'KES',
  operator: 'safaricom',
  commission: 600,
  status: 'succeeded',
  createdAt: 0,
  ...over,
});

describe('the shop’s disputes list', () => {
  it('shows queued, sending and refused disputes of this phone beside the server’s, newest first', () => {
    const server = aDispute({
      id: 'd-9',
      sale_id: 'sale-9',
      opened_at: '2025-01-01T00:00:00.000Z',
    });
    const later = Date.parse('2025-01-03T00:00:00.000Z');
    const rows = disputeRows(
      [server],
      [
        item('k-queued', later),
        item('k-sending', later + 1),
        item('k-refused', later + 2, {
          state: 'failed',
          lastError: { code: 'dispute_open', message: 'open' },
        }),
      ],
      new Set(['k-sending']),
    );
    expect(rows.map((r) => [r.ref, r.status])).toEqual([
      ['k-refused', 'refused'],
      ['k-sending', 'sending'],
      ['k-queued', 'queued'],
      ['d-9', 'open'],
    ]);
    expect(rows[0]?.error?.code).toBe('dispute_open');
    expect(rows[3]?.msisdn).toBe('+254712345678');
  });

  it('shows a sent dispute once, as the server last said, with the key it was sent with', () => {
    const sent = aDispute({ id: 'd-1', status: 'open' });
    const fresher = aDispute({ id: 'd-1', status: 'refunded' });
    const rows = disputeRows(
      [fresher],
      [item('k-1', 5, { state: 'sent', dispute: sent })],
      new Set(),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ref: 'd-1', key: 'k-1', status: 'refunded' });
    // Before the list is read again, the answer to the send shows.
    expect(
      disputeRows([], [item('k-1', 5, { state: 'sent', dispute: sent })], new Set())[0],
    ).toMatchObject({
      ref: 'd-1',
      status: 'open',
    });
  });

  it('finds a sale’s undecided dispute (queued included), so no second one is opened', () => {
    const rows = disputeRows(
      [aDispute({ id: 'd-old', sale_id: 'sale-1', status: 'rejected' })],
      [item('k-1', 5)],
      new Set(),
    );
    expect(openDisputeOf(rows, 'sale-1')?.ref).toBe('k-1');
    expect(openDisputeOf(rows, 'sale-2')).toBeUndefined();
    const decided = disputeRows(
      [aDispute({ sale_id: 'sale-1', status: 'rejected' })],
      [],
      new Set(),
    );
    expect(openDisputeOf(decided, 'sale-1')).toBeUndefined();
  });

  it('lets the shop dispute a sale the server has whose money is still out', () => {
    expect(canDispute(entry())).toBe(true);
    expect(canDispute(entry({ status: 'unknown' }))).toBe(false);
    expect(canDispute(entry({ status: 'pending' }))).toBe(false);
    expect(canDispute(entry({ saleId: undefined, status: 'queued' }))).toBe(false);
    expect(canDispute(entry({ status: 'failed' }))).toBe(false);
    expect(canDispute(entry({ status: 'reversed' }))).toBe(false);
    expect(canDispute(entry({ refunded: 1 }))).toBe(false);
  });
});
