import { describe, expect, it } from 'vitest';
import { chartData, dayToX, lastDays, rangeTotals } from './chart-data';

const row = (day: string, total: number, commission: number, count = 1) => ({
  day,
  count,
  total,
  commission,
  failed: 0,
});

describe('chart data', () => {
  it('gives one point per day of the range, zero where a day had no sales', () => {
    const rows = [row('2026-11-29', 150_00, 3_00, 2), row('2026-12-01', 10_050, 201)];
    const data = chartData(rows, { from: '2026-11-29', to: '2026-12-01' }, 'KES');
    expect(data[0]).toEqual(['2026-11-29', '2026-11-30', '2026-12-01'].map(dayToX));
    expect(data[1]).toEqual([150, 0, 100.5]);
    expect(data[2]).toEqual([3, 0, 2.01]);
    expect(data[3]).toEqual([2, 0, 1]);
  });

  it('ignores rows outside the range and scales by the currency decimals', () => {
    const rows = [row('2026-10-01', 999, 9), row('2026-12-01', 500, 5)];
    const data = chartData(rows, { from: '2026-12-01', to: '2026-12-01' }, 'UGX');
    expect(data[1]).toEqual([500]);
  });

  it('counts back 30 and 90 days including today, across months', () => {
    expect(lastDays('2026-12-01', 30)).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    expect(lastDays('2026-03-01', 90).from).toBe('2025-12-02');
    const data = chartData([], lastDays('2026-12-01', 90), 'KES');
    expect(data[0]).toHaveLength(90);
  });

  it('sums the range in minor units', () => {
    expect(rangeTotals([row('a', 100, 2), { ...row('b', 50, 1, 3), failed: 2 }])).toEqual({
      count: 4,
      total: 150,
      commission: 3,
      failed: 2,
    });
  });
});
