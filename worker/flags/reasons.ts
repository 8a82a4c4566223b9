import { dayStart } from '../../core/day';
import { formatMoneyText } from '../../core/money';
import type { FlagCode, FlagContext } from './rules';

/** A raised flag as the API shows it (DESIGN 10). */
export interface Flag {
  code: FlagCode;
  /** Plain words that name the flag's numbers. */
  reason: string;
  /** The numbers the reason names, so the console says them in its own language. */
  values: FlagValues;
  /** When the condition began (its first counted event), when that is known. */
  since: string | null;
  sale_ids?: string[];
}

type Facts = Record<string, unknown>;
export type FlagValues = Record<string, number | string>;

const num = (v: unknown) => Number(v ?? 0);
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(num(v)).toISOString());
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (part: number, whole: number) => Math.round((part * 100) / whole);
const daysAgo = (c: FlagContext, v: unknown) => Math.floor((c.now - num(v)) / 86_400_000);
const ago = (c: FlagContext, v: unknown) => plural(daysAgo(c, v), 'day');
/** The days since `at`, or since the outlet opened when `at` never happened. */
const daysSince = (c: FlagContext, at: unknown, opened: unknown): FlagValues =>
  at === null ? { opened_days: daysAgo(c, opened) } : { days: daysAgo(c, at) };

/**
 * The words and numbers of each flag, from the facts its SQL rule returned
 * (./rules.ts). English, like the API's error messages; the console shows the code's
 * own label beside it.
 */
const explain: { [K in FlagCode]: (f: Facts, c: FlagContext) => Omit<Flag, 'code'> } = {
  repeat_number: (f) => ({
    reason: `${plural(num(f.count), 'sale')} to ${f.msisdn} today`,
    values: { count: num(f.count), msisdn: String(f.msisdn) },
    since: iso(f.since),
    sale_ids: (f.sale_ids as string[]) ?? [],
  }),
  sales_spike: (f, c) => {
    const money = (v: unknown) => formatMoneyText(Math.round(num(v)), c.config.CURRENCY);
    return {
      reason: `${money(f.total)} in ${plural(num(f.count), 'sale')} today, over ${c.config.FLAG_SPIKE_FACTOR} times the median daily ${money(f.median)} of the previous ${c.config.FLAG_MEDIAN_DAYS} days`,
      values: {
        total: Math.round(num(f.total)),
        count: num(f.count),
        factor: c.config.FLAG_SPIKE_FACTOR,
        median: Math.round(num(f.median)),
        days: c.config.FLAG_MEDIAN_DAYS,
      },
      since: iso(dayStart(c.today, c.timezone)),
    };
  },
  high_failure_rate: (f) => ({
    reason: `${num(f.failed)} of the last ${plural(num(f.count), 'sale')} failed or were reversed (${pct(num(f.failed), num(f.count))} %)`,
    values: {
      failed: num(f.failed),
      count: num(f.count),
      percent: pct(num(f.failed), num(f.count)),
    },
    since: iso(f.since),
  }),
  night_sales: (f, c) => ({
    reason: `${num(f.night)} of ${plural(num(f.count), 'sale')} in the last ${c.config.FLAG_NIGHT_DAYS} days were made between 00:00 and 05:00 (${pct(num(f.night), num(f.count))} %)`,
    values: {
      night: num(f.night),
      count: num(f.count),
      days: c.config.FLAG_NIGHT_DAYS,
      percent: pct(num(f.night), num(f.count)),
    },
    since: typeof f.since_day === 'string' ? iso(dayStart(f.since_day, c.timezone)) : null,
  }),
  dormant: (f, c) => ({
    reason:
      f.last_sale_at === null
        ? `No sale since it opened ${ago(c, f.since)} ago`
        : `No sale for ${ago(c, f.last_sale_at)}`,
    values: daysSince(c, f.last_sale_at, f.since),
    since: iso(f.since),
  }),
  not_seen: (f, c) => ({
    reason:
      f.last_seen_at === null
        ? `Never in contact since it opened ${ago(c, f.since)} ago`
        : `No contact on any channel for ${ago(c, f.last_seen_at)}`,
    values: daysSince(c, f.last_seen_at, f.since),
    since: iso(f.since),
  }),
  low_float: (f, c) => {
    const money = (v: unknown) => formatMoneyText(Math.round(num(v)), c.config.CURRENCY);
    return {
      reason: `${money(f.available)} available, less than the median daily sales of ${money(f.median)} over the previous ${c.config.FLAG_MEDIAN_DAYS} days`,
      values: {
        available: Math.round(num(f.available)),
        median: Math.round(num(f.median)),
        days: c.config.FLAG_MEDIAN_DAYS,
      },
      since: null,
    };
  },
  stuck_sales: (f, c) => ({
    reason: `${plural(num(f.count), 'sale')} pending or unknown for over ${Math.round(c.config.FLAG_STUCK_MS / 60_000)} minutes`,
    values: { count: num(f.count), minutes: Math.round(c.config.FLAG_STUCK_MS / 60_000) },
    since: iso(f.since),
    sale_ids: (f.sale_ids as string[]) ?? [],
  }),
  pin_lockouts: (f, c) => ({
    reason: `${plural(num(f.count), 'PIN lockout')} in the last ${c.config.FLAG_LOCKOUTS_DAYS} days`,
    values: { count: num(f.count), days: c.config.FLAG_LOCKOUTS_DAYS },
    since: iso(f.since),
  }),
  many_disputes: (f, c) => ({
    reason: `${plural(num(f.count), 'dispute')} opened in the last ${c.config.FLAG_DISPUTES_DAYS} days`,
    values: { count: num(f.count), days: c.config.FLAG_DISPUTES_DAYS },
    since: iso(f.since ?? c.now),
  }),
  visit_far: (f, c) => {
    const far = f.distance_m !== null && num(f.distance_m) > c.config.FLAG_VISIT_FAR_M;
    const metres = Math.round(num(far ? f.distance_m : f.accuracy_m));
    return {
      reason: far
        ? `The last visit was recorded ${metres} m from the outlet`
        : `The last visit was recorded with an accuracy of ${metres} m`,
      values: { [far ? 'distance_m' : 'accuracy_m']: metres },
      since: iso(f.since),
    };
  },
  visit_overdue: (f, c) => ({
    reason:
      f.last_visit_at === null
        ? `Never visited, open for ${ago(c, f.since)}`
        : `No visit for ${ago(c, f.last_visit_at)}`,
    values: daysSince(c, f.last_visit_at, f.since),
    since: iso(f.since),
  }),
};

/** The flag of `code` from its rule's facts (JSON text or parsed), or none when the rule returned NULL. */
export function toFlag(code: FlagCode, facts: unknown, c: FlagContext): Flag | undefined {
  if (facts === null || facts === undefined) return undefined;
  const parsed = (typeof facts === 'string' ? JSON.parse(facts) : facts) as Facts;
  return { code, ...explain[code](parsed, c) };
}
