import { describe, expect, it } from 'vitest';
import { afterOutcome, queued } from '../../shared/outbox/machine';
import { checkAmount, findRepeat, type PastSale, queuedTotal, walletAfterSale } from './guards';
import { acceptSale, type OutboxItem } from './sales';

const NOW = 1_750_000_000_000;
const MINUTE = 60_000;
const limits = { min_sale: 500, max_sale: 1_000_000 };
const item = (amount: number, key = `k-${amount}`): OutboxItem =>
  queued({ key, userId: 'u', msisdn: '+254712345678', amount, currency: 'KES' }, NOW);

describe('amount checks before queueing', () => {
  it('refuses amounts outside the per-sale limits', () => {
    expect(checkAmount(499, limits, 10_000_000, [])).toEqual({
      ok: false,
      reason: 'below_min',
      limit: 500,
    });
    expect(checkAmount(1_000_001, limits, 10_000_000, [])).toEqual({
      ok: false,
      reason: 'above_max',
      limit: 1_000_000,
    });
    expect(checkAmount(12.5, limits, 10_000_000, []).ok).toBe(false);
    expect(checkAmount(500, limits, 10_000_000, [])).toEqual({ ok: true });
  });

  it('never lets the queued total pass the last known available balance', () => {
    const items = [item(30_000), item(50_000)];
    expect(queuedTotal(items)).toBe(80_000);
    expect(checkAmount(20_000, limits, 100_000, items)).toEqual({ ok: true });
    expect(checkAmount(20_001, limits, 100_000, items)).toEqual({
      ok: false,
      reason: 'over_balance',
      room: 20_000,
    });
    expect(checkAmount(500, limits, 0, [])).toMatchObject({ ok: false, room: 0 });
  });

  it('counts only what the server has not taken: sent and failed items are out', () => {
    const error = { code: 'insufficient_funds', message: 'no', status: 402 };
    const failed = afterOutcome(item(60_000, 'f'), { kind: 'final', error }, NOW, 0, acceptSale);
    expect(queuedTotal([failed, item(10_000)])).toBe(10_000);
    expect(checkAmount(90_000, limits, 100_000, [failed, item(10_000)])).toEqual({ ok: true });
  });
});

describe('repeat warning', () => {
  const past = (minutesAgo: number, over: Partial<PastSale> = {}): PastSale => ({
    msisdn: '+254712345678',
    amount: 10_000,
    createdAt: NOW - minutesAgo * MINUTE,
    status: 'succeeded',
    ...over,
  });

  it('finds the same number and amount sold in the last ten minutes', () => {
    const older = past(9);
    const newer = past(2, { status: 'queued' });
    expect(findRepeat('+254712345678', 10_000, NOW, [older, newer])).toBe(newer);
  });

  it('ignores another amount, another number, a failed sale and anything older', () => {
    const sales = [
      past(1, { amount: 10_001 }),
      past(1, { msisdn: '+254712345679' }),
      past(1, { status: 'failed' }),
      past(10.5),
    ];
    expect(findRepeat('+254712345678', 10_000, NOW, sales)).toBeUndefined();
  });
});

describe('known balance after a sale', () => {
  const wallet = { available: 100_000, held: 0, commission: 0, currency: 'KES' };

  it('takes a pending sale into held and a succeeded one out of available', () => {
    expect(walletAfterSale(wallet, { amount: 10_000, status: 'pending' })).toEqual({
      ...wallet,
      available: 90_000,
      held: 10_000,
    });
    expect(walletAfterSale(wallet, { amount: 10_000, status: 'succeeded' })).toEqual({
      ...wallet,
      available: 90_000,
    });
    expect(walletAfterSale(wallet, { amount: 10_000, status: 'failed' })).toBe(wallet);
  });
});
