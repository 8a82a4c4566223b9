import { addDays, daysBetween } from '../../../core/day';
import { fractionDigits } from '../../../core/money';

/**
 * The outlet's daily sales and commission as uPlot wants them (issue 9 §2 "Outlet
 * detail"): one x per calendar day of the range, days without sales at zero so the line
 * shows the gap, amounts in major units (a chart axis, never a ledger: the money itself
 * stays in minor units everywhere else).
 */

export interface DailyRow {
  day: string;
  count: number;
  total: number;
  commission: number;
  failed: number;
}

/** The ranges the chart offers (DESIGN 10: 30 or 90 days). */
export const CHART_RANGES = [30, 90] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

export interface DayRange {
  from: string;
  to: string;
}

/** The last `days` days up to and including `today`. */
export const lastDays = (today: string, days: number): DayRange => ({
  from: addDays(today, -(days - 1)),
  to: today,
});

/** x: seconds at noon UTC of each day (uPlot's time scale is in seconds, shown in UTC). */
export const dayToX = (day: string): number => Date.parse(`${day}T12:00:00Z`) / 1000;

export type ChartData = [xs: number[], totals: number[], commissions: number[], counts: number[]];

export function chartData(rows: readonly DailyRow[], range: DayRange, currency: string): ChartData {
  const unit = 10 ** fractionDigits(currency);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const data: ChartData = [[], [], [], []];
  const days = daysBetween(range.from, range.to);
  for (let i = 0; i <= days; i++) {
    const day = addDays(range.from, i);
    const row = byDay.get(day);
    data[0].push(dayToX(day));
    data[1].push((row?.total ?? 0) / unit);
    data[2].push((row?.commission ?? 0) / unit);
    data[3].push(row?.count ?? 0);
  }
  return data;
}

/** The range's totals in minor units, for the words beside the chart (and screen readers). */
export function rangeTotals(rows: readonly DailyRow[]) {
  return rows.reduce(
    (sum, row) => ({
      count: sum.count + row.count,
      total: sum.total + row.total,
      commission: sum.commission + row.commission,
      failed: sum.failed + row.failed,
    }),
    { count: 0, total: 0, commission: 0, failed: 0 },
  );
}
