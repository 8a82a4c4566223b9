import { describe, expect, it } from 'vitest';
import { afterOutcome, queued } from '../shared/outbox/machine';
import type { Sale } from '../shared/types';
import { daysIn, findEntry, mergeHistory, openSales, pollDelay, totals } from './history';
import { acceptSale, type OutboxItem } from './outbox/sales';
import { aSale } from './sale-fixture';

// Noon in Nairobi: the shop counts days in the deployment's TIMEZONE (DESIGN 8).
const NOW = Date.parse('2025-06-15T12:00:00+03:00');
const { dayOf: localDay, monthOf: localMonth, onDay, commissionByDay } = daysIn('Africa/Nairobi');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sale = (id: string, at: number, over: Partial<Sale> = {}): Sale =>
  aSale({ id, created_at: new Date(at).toISOString(), ...over });
const item = (key: string, at: number, amount = 5_000): OutboxItem =>
  queued({ key, userId: 'u', msisdn: '+254712345678', amount, currency: 'KES' }, at);

describe('history', () => {
  it('shows queued, sending and failed outbox items beside the server’s sales, newest first', () => {
    const failed = afterOutcome(
      item('k-failed', NOW - 2 * HOUR),
      { kind: 'final', error: { code: 'insufficient_funds', message: 'no money', status: 402 } },
      NOW,
      0,
      acceptSale,
    );
    const entries = mergeHistory(
      [sale('s-1', NOW - 3 * HOUR)],
      [item('k-1', NOW - HOUR), item('k-2', NOW), failed],
      new Set(['k-2']),
    );
    expect(entries.map((e) => [e.ref, e.status])).toEqual([
      ['k-2', 'sending'],
      ['k-1', 'queued'],
      ['k-failed', 'failed'],
      ['s-1', 'succeeded'],
    ]);
    expect(entries[2]?.error?.message).toBe('no money');
  });

  it('shows a sent item once, as its sale, and finds it by key or id', () => {
    const sent = afterOutcome(
      item('k-1', NOW),
      { kind: 'accepted', result: sale('s-1', NOW, { status: 'pending' }), replayed: false },
      NOW,
      0,
      acceptSale,
    );
    const fresher = sale('s-1', NOW, { status: 'succeeded' });
    const entries = mergeHistory([fresher], [sent], new Set());
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ ref: 's-1', key: 'k-1', status: 'succeeded' });
    expect(findEntry(entries, 'k-1')).toBe(entries[0]);
    expect(findEntry(entries, 's-1')).toBe(entries[0]);
    // Before the list has it, the sale from the answer stands in.
    expect(mergeHistory([], [sent], new Set())[0]).toMatchObject({ ref: 's-1', status: 'pending' });
  });
});

describe('totals', () => {
  const entries = mergeHistory(
    [
      sale('today-ok', NOW - HOUR),
      sale('today-failed', NOW - HOUR, { status: 'failed', commission: 0 }),
      sale('today-reversed', NOW - HOUR, { status: 'reversed', commission: 0 }),
      sale('today-pending', NOW - HOUR, { status: 'pending', commission: 0, amount: 20_000 }),
      sale('yesterday', NOW - DAY, { commission: 300, amount: 5_000 }),
      sale('last-month', NOW - 40 * DAY),
    ],
    [item('k-1', NOW)],
    new Set(),
  );

  it("counts today's sales and amount, queued ones included, failed and reversed not", () => {
    expect(totals(entries, onDay(localDay(NOW)))).toEqual({
      count: 3,
      amount: 35_000,
      commission: 600,
    });
  });

  it('sums commission of succeeded sales by day for the month', () => {
    expect(commissionByDay(entries, localMonth(NOW))).toEqual([
      { day: localDay(NOW), count: 3, amount: 35_000, commission: 600 },
      { day: localDay(NOW - DAY), count: 1, amount: 5_000, commission: 300 },
    ]);
  });
});

describe("the shop's days", () => {
  it('puts a sale at 23:30 and one at 00:30 Nairobi time on two days, whatever the phone zone', () => {
    // Both instants fall on 2026-03-10 in UTC (and in any zone west of Nairobi).
    const late = sale('late', Date.parse('2026-03-10T23:30:00+03:00'));
    const early = sale('early', Date.parse('2026-03-11T00:30:00+03:00'));
    const entries = mergeHistory([late, early], [], new Set());
    const nairobi = daysIn('Africa/Nairobi');
    expect(totals(entries, nairobi.onDay('2026-03-10')).count).toBe(1);
    expect(totals(entries, nairobi.onDay('2026-03-11')).count).toBe(1);
    expect(totals(entries, daysIn('UTC').onDay('2026-03-10')).count).toBe(2);
  });
});

describe('polling open sales', () => {
  it('asks again soon for a fresh open sale, slower later, never when all are settled', () => {
    expect(pollDelay(openSales([sale('a', NOW)]), NOW)).toBeUndefined();
    const fresh = openSales([sale('b', NOW - 5_000, { status: 'pending' })]);
    expect(pollDelay(fresh, NOW)).toBe(3_000);
    const older = openSales([sale('c', NOW - 10 * 60_000, { status: 'unknown' })]);
    expect(pollDelay(older, NOW)).toBe(15_000);
    expect(
      pollDelay(openSales([sale('d', NOW - 2 * HOUR, { status: 'unknown' })]), NOW),
    ).toBeUndefined();
  });
});
