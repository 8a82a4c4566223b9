import { describe, expect, it } from 'vitest';
import { carrierGap, ledgerVerdict, statusRows } from './reconciliation-rows';

describe('reconciliation rows', () => {
  it('lists every status in order with zeros, and sums them', () => {
    const { rows, sum } = statusRows({
      by_status: {
        failed: { count: 2, total: 300 },
        succeeded: { count: 5, total: 1000 },
        pending: { count: 0, total: 0 },
        unknown: { count: 0, total: 0 },
        reversed: { count: 0, total: 0 },
      },
    });
    expect(rows.map((r) => r.status)).toEqual([
      'succeeded',
      'pending',
      'unknown',
      'failed',
      'reversed',
    ]);
    expect(rows[1]).toEqual({ status: 'pending', count: 0, total: 0 });
    expect(sum).toEqual({ count: 7, total: 1300 });
  });

  it('reads the ledger check with or without its messages', () => {
    expect(ledgerVerdict({ ok: true, violation_count: 0 })).toEqual({
      ok: true,
      count: 0,
      violations: [],
    });
    expect(ledgerVerdict({ ok: false, violation_count: 1, violations: ['sum is 5'] })).toEqual({
      ok: false,
      count: 1,
      violations: ['sum is 5'],
    });
  });

  it('gives the ledger’s total less what the carrier credited', () => {
    expect(
      carrierGap({ carrier: { credited_total: 900, ledger_total: 1000, mismatches: [] } }),
    ).toBe(100);
  });
});
