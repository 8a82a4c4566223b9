import { describe, expect, it } from 'vitest';
import { afterOutcome, isDue, queued } from '../../shared/outbox/machine';
import type { Sale } from '../../shared/types';
import { acceptSale, displayStatus, type OutboxItem, withSale } from './sales';

const NOW = 1_750_000_000_000;
const item = queued<OutboxItem>(
  { key: 'k-1', userId: 'u-1', msisdn: '+254712345678', amount: 10_000, currency: 'KES' },
  NOW,
);
const sale: Sale = {
  id: 's-1',
  msisdn: '+254712345678',
  amount: 10_000,
  currency: 'KES',
  status: 'pending',
  commission: 0,
  product: 'safaricom-airtime',
  operator: 'safaricom',
  failure_code: null,
  created_at: new Date(NOW).toISOString(),
};
const retry = { kind: 'retry', error: { code: 'network', message: 'offline' } } as const;

describe('outbox item', () => {
  it('starts queued, due at once, with no attempts', () => {
    expect(item).toMatchObject({
      state: 'queued',
      attempts: 0,
      nextAttemptAt: NOW,
      createdAt: NOW,
    });
    expect(isDue(item, NOW)).toBe(true);
    expect(displayStatus(item, false)).toBe('queued');
    expect(displayStatus(item, true)).toBe('sending');
  });

  it('keeps its key and waits longer after each retryable failure', () => {
    const once = afterOutcome(item, retry, NOW, 0.5, acceptSale);
    const twice = afterOutcome(once, retry, NOW + 10_000, 0.5, acceptSale);
    expect(once).toMatchObject({ key: 'k-1', state: 'queued', attempts: 1 });
    expect(twice).toMatchObject({ key: 'k-1', state: 'queued', attempts: 2 });
    expect(isDue(once, NOW)).toBe(false);
    expect(once.nextAttemptAt - NOW).toBeLessThan(twice.nextAttemptAt - (NOW + 10_000));
    expect(once.lastError).toEqual({ code: 'network', message: 'offline' });
  });

  it('becomes sent with the sale the server answered', () => {
    const sent = afterOutcome(
      item,
      { kind: 'accepted', result: sale, replayed: true },
      NOW + 5,
      0,
      acceptSale,
    );
    expect(sent).toMatchObject({ state: 'sent', sale, sentAt: NOW + 5, lastError: undefined });
    expect(displayStatus(sent, false)).toBe('pending');
    expect(isDue(sent, NOW + 10)).toBe(false);
  });

  it("becomes failed for good on a final answer, with the server's message", () => {
    const error = { code: 'insufficient_funds', message: 'The wallet cannot pay', status: 402 };
    const failed = afterOutcome(item, { kind: 'final', error }, NOW, 0, acceptSale);
    expect(failed).toMatchObject({ state: 'failed', lastError: error });
    expect(displayStatus(failed, false)).toBe('failed');
    // Nothing moves a finished item again: a new try is a new item with a new key.
    expect(afterOutcome(failed, retry, NOW, 0, acceptSale)).toBe(failed);
    expect(
      afterOutcome(failed, { kind: 'accepted', result: sale, replayed: false }, NOW, 0, acceptSale),
    ).toBe(failed);
  });

  it('waits for a login without counting an attempt', () => {
    const error = { code: 'invalid_token', message: 'log in again', status: 401 };
    const waiting = afterOutcome(item, { kind: 'auth', error }, NOW + 100, 0, acceptSale);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: NOW + 100 });
  });

  it("follows its sale's later status", () => {
    const sent = afterOutcome(
      item,
      { kind: 'accepted', result: sale, replayed: false },
      NOW,
      0,
      acceptSale,
    );
    const later = withSale(sent, { ...sale, status: 'succeeded', commission: 600 });
    expect(displayStatus(later, false)).toBe('succeeded');
    expect(withSale(sent, { ...sale, id: 'other', status: 'failed' })).toBe(sent);
  });
});
