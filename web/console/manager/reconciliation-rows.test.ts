import { describe, expect, it } from 'vitest';
import { carrierGap, ledgerVerdict, statusRows } from './reconciliation-rows';

describe('reconciliation rows', () => {
  it('lists every status in order with zeros, and sums them', () => {
    const { rows, sum } = statusRows({
      by_status: { failed: { count: 2, total: 300 }, succeeded: { count: 5, total: 1000 } },
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

  it('reads the ledger check as a flag or an object', () => {
    expect(ledgerVerdict(true)).toEqual({ ok: true, violations: [] });
    expect(ledgerVerdict({ ok: false, violations: ['sum is 5'] })).toEqual({
      ok: false,
      violations: ['sum is 5'],
    });
  });

  it('gives the ledger’s total less what the carrier credited', () => {
    expect(
      carrierGap({ carrier: { credited_total: 900, ledger_total: 1000, mismatches: [] } }),
    ).toBe(100);
  });
});
