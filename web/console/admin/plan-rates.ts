import type { Rate } from '../../../core/api/catalog';
import { parseAmount, toDecimal } from '../../../core/money';

/**
 * The plan editor's rows as text and back (issue 11), kept out of the element so a test
 * can call them: a target (`operator:safaricom` or `product:safaricom-airtime`), basis
 * points, and slabs typed in major units as `1000:400, 5000:450` (up to KES 1,000 at
 * 400 bps, up to KES 5,000 at 450; above the last, the row's own rate).
 */

export interface RateRow {
  target: string;
  bps: string;
  slabs: string;
}

export const rowOf = (rate: Rate, currency: string): RateRow => ({
  target:
    rate.product_id !== undefined ? `product:${rate.product_id}` : `operator:${rate.operator}`,
  bps: String(rate.bps),
  slabs: (rate.slabs ?? []).map((s) => `${toDecimal(s.up_to, currency)}:${s.bps}`).join(', '),
});

const BPS = /^\d{1,5}$/;

/** The rate of a row, or the row's 0-based index of the first that is not valid. */
export function ratesOf(rows: readonly RateRow[], currency: string): Rate[] | number {
  const rates: Rate[] = [];
  for (const [i, row] of rows.entries()) {
    const [kind, name] = row.target.split(':', 2);
    if (!name || (kind !== 'operator' && kind !== 'product') || !BPS.test(row.bps.trim())) return i;
    const slabs = [];
    for (const part of row.slabs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [upTo, bps] = part.split(':').map((s) => s.trim());
      const amount = parseAmount(upTo ?? '', currency);
      if (amount === undefined || amount <= 0 || !BPS.test(bps ?? '')) return i;
      slabs.push({ up_to: amount, bps: Number(bps) });
    }
    rates.push({
      ...(kind === 'product' ? { product_id: name } : { operator: name }),
      bps: Number(row.bps.trim()),
      ...(slabs.length ? { slabs } : {}),
    });
  }
  return rates;
}

/** `600` -> `6.00 %`. */
export const percent = (bps: number): string => `${(bps / 100).toFixed(2)} %`;
