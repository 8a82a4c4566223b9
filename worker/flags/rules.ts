import { type SQL, sql } from 'drizzle-orm';
import { addDays, dayIn } from '../../core/day';
import { users } from '../../db/schema';
import type { Config } from '../env';
import { zoneOr } from '../regions/zones';

/**
 * DESIGN 10's flags, each one SQL expression on the outlet row (`users`) that is a JSON
 * object of the flag's numbers when it is raised and NULL when it is not. They read
 * the per-day aggregates the ledger keeps (outlet_days) and indexed columns of the
 * ledger (sales_day, sales_retailer_time, sales_open_retailer, lockouts_user,
 * visits_outlet_time), never sales loaded into JavaScript (issue 9). The same
 * expression filters the list (`flag=`), counts for `sort=flags`, and, for a page's
 * rows only, gives the numbers the reason names (./reasons.ts).
 */

import { FLAG_CODES, type FlagCode } from '../../core/api/outlets';

export { FLAG_CODES, type FlagCode };

/**
 * What every rule is evaluated against: one instant, its day in TIMEZONE, and the
 * regions whose zone differs (issue 11: an outlet's days are its region's days).
 * `timezone` and `today` are one outlet's once forOutlet has picked them.
 */
export interface FlagContext {
  now: number;
  today: string;
  timezone: string;
  config: Config;
  /** Region id to zone, for the regions whose zone is not TIMEZONE (regionZones). */
  zones: ReadonlyMap<string, string>;
}

export const flagContext = (
  now: number,
  config: Config,
  zones: ReadonlyMap<string, string> = new Map(),
): FlagContext => ({
  now,
  today: dayIn(now, config.TIMEZONE),
  timezone: config.TIMEZONE,
  config,
  zones,
});

/** The context of one outlet: its region's zone and that zone's today. */
export function forOutlet(c: FlagContext, regionId: string | null): FlagContext {
  const zone = zoneOr(regionId === null ? null : c.zones.get(regionId), c.config);
  return { ...c, timezone: zone, today: dayIn(c.now, zone) };
}

/**
 * A day the rule needs (today, the first of a window, the month's first day), per outlet:
 * `day(today)` for the outlet's own today, as one CASE over the region id that lists only
 * the regions whose today is not the deployment's (none: a plain value). Computed once
 * per query, never per row in JavaScript.
 */
export function perOutletDay(c: FlagContext, day: (today: string) => string): SQL {
  const base = day(c.today);
  const other = new Map<string, string[]>();
  for (const [region, zone] of c.zones) {
    const value = day(dayIn(c.now, zone));
    if (value !== base) other.set(value, [...(other.get(value) ?? []), region]);
  }
  if (other.size === 0) return sql`${base}`;
  const branches = [...other].map(
    ([value, regions]) =>
      sql`WHEN ${users.regionId} IN (${sql.join(
        regions.map((r) => sql`${r}`),
        sql`, `,
      )}) THEN ${value}`,
  );
  return sql`(CASE ${sql.join(branches, sql` `)} ELSE ${base} END)`;
}

const DAY_MS = 86_400_000;
const outlet = sql`${users.id}`;

/**
 * The median daily total of the outlet's `n` days before today, days without a sale
 * counted as 0: the k-th smallest of the n values is the (k - zeros)-th smallest of the
 * days that have a row, or 0 when k falls among the zeros.
 */
export function medianDailyTotal(c: FlagContext): SQL {
  const n = c.config.FLAG_MEDIAN_DAYS;
  const k1 = Math.floor((n + 1) / 2);
  const k2 = Math.floor(n / 2) + 1;
  return sql`(SELECT (coalesce(max(CASE WHEN rn = ${k1} - (${n} - cnt) THEN total END), 0)
      + coalesce(max(CASE WHEN rn = ${k2} - (${n} - cnt) THEN total END), 0)) / 2.0
    FROM (SELECT total, row_number() OVER (ORDER BY total) AS rn, count(*) OVER () AS cnt
      FROM outlet_days WHERE retailer_id = ${outlet}
        AND day >= ${perOutletDay(c, (t) => addDays(t, -n))} AND day < ${perOutletDay(c, (t) => t)}))`;
}

const available = sql`(SELECT credits_posted - debits_posted - debits_pending FROM accounts
  WHERE user_id = ${outlet} AND kind = 'wallet')`;

const rules: Record<FlagCode, ((c: FlagContext) => SQL) | null> = {
  repeat_number: (
    c,
  ) => sql`(SELECT json_object('msisdn', msisdn, 'count', n, 'since', since, 'sale_ids', json(ids))
    FROM (SELECT msisdn, count(*) AS n, min(created_at) AS since, json_group_array(id) AS ids
      FROM sales WHERE day = ${perOutletDay(c, (t) => t)} AND retailer_id = ${outlet}
      GROUP BY msisdn HAVING count(*) >= ${c.config.FLAG_REPEAT_NUMBER_MIN}
      ORDER BY n DESC, msisdn LIMIT 1))`,

  sales_spike: (c) => sql`(SELECT CASE WHEN d.count >= ${c.config.FLAG_SPIKE_MIN_SALES}
      AND d.total > ${c.config.FLAG_SPIKE_FACTOR} * m.median
    THEN json_object('count', d.count, 'total', d.total, 'median', m.median) END
    FROM outlet_days d, (SELECT ${medianDailyTotal(c)} AS median) m
    WHERE d.retailer_id = ${outlet} AND d.day = ${perOutletDay(c, (t) => t)})`,

  high_failure_rate: (c) => sql`(SELECT CASE WHEN n >= ${c.config.FLAG_FAILURE_MIN_SALES}
      AND failed * 100 >= ${c.config.FLAG_FAILURE_PCT} * n
    THEN json_object('failed', failed, 'count', n, 'since', since) END
    FROM (SELECT count(*) AS n, sum(status IN ('failed', 'reversed')) AS failed,
        min(CASE WHEN status IN ('failed', 'reversed') THEN created_at END) AS since
      FROM (SELECT status, created_at FROM sales WHERE retailer_id = ${outlet}
        ORDER BY created_at DESC LIMIT ${c.config.FLAG_FAILURE_WINDOW})))`,

  night_sales: (c) => sql`(SELECT CASE WHEN made >= ${c.config.FLAG_NIGHT_MIN_SALES}
      AND night * 100 >= ${c.config.FLAG_NIGHT_PCT} * made
    THEN json_object('night', night, 'count', made, 'since_day', first_day) END
    FROM (SELECT sum(count + failed) AS made, sum(night) AS night,
        min(CASE WHEN night > 0 THEN day END) AS first_day
      FROM outlet_days WHERE retailer_id = ${outlet}
        AND day >= ${perOutletDay(c, (t) => addDays(t, 1 - c.config.FLAG_NIGHT_DAYS))}
        AND day <= ${perOutletDay(c, (t) => t)}))`,

  // Distributors move stock rather than sell: a quiet distributor is not dormant.
  dormant: (c) => {
    const before = c.now - c.config.FLAG_DORMANT_DAYS * DAY_MS;
    return sql`(SELECT CASE WHEN ${users.role} = 'retailer' AND ${users.createdAt} <= ${before}
        AND coalesce(last, 0) <= ${before}
      THEN json_object('last_sale_at', last, 'since', coalesce(last, ${users.createdAt})) END
      FROM (SELECT max(created_at) AS last FROM sales WHERE retailer_id = ${outlet}))`;
  },

  not_seen: (c) => sql`(CASE WHEN coalesce(${users.lastSeenAt}, ${users.createdAt})
      <= ${c.now - c.config.FLAG_NOT_SEEN_DAYS * DAY_MS}
    THEN json_object('last_seen_at', ${users.lastSeenAt},
      'since', coalesce(${users.lastSeenAt}, ${users.createdAt})) END)`,

  low_float: (c) => sql`(SELECT CASE WHEN a < m THEN json_object('available', a, 'median', m) END
    FROM (SELECT ${available} AS a, ${medianDailyTotal(c)} AS m))`,

  stuck_sales: (c) => sql`(SELECT json_object('count', count(*), 'since', min(created_at),
      'sale_ids', json_group_array(id))
    FROM sales WHERE retailer_id = ${outlet} AND status IN ('pending', 'unknown')
      AND created_at < ${c.now - c.config.FLAG_STUCK_MS}
    HAVING count(*) > 0)`,

  pin_lockouts: (c) => sql`(SELECT json_object('count', count(*), 'since', min(at))
    FROM lockouts WHERE user_id = ${outlet}
      AND at > ${c.now - c.config.FLAG_LOCKOUTS_DAYS * DAY_MS}
    HAVING count(*) >= ${c.config.FLAG_LOCKOUTS_MIN})`,

  // Issue 12: over disputes_retailer_time (retailer_id, opened_at), whatever their status.
  many_disputes: (c) => sql`(SELECT json_object('count', count(*), 'since', min(opened_at))
    FROM disputes WHERE retailer_id = ${outlet}
      AND opened_at > ${c.now - c.config.FLAG_DISPUTES_DAYS * DAY_MS}
    HAVING count(*) >= ${c.config.FLAG_DISPUTES_MIN})`,

  visit_far: (c) => sql`(SELECT CASE WHEN distance_m > ${c.config.FLAG_VISIT_FAR_M}
      OR accuracy_m > ${c.config.FLAG_VISIT_ACCURACY_M}
    THEN json_object('distance_m', distance_m, 'accuracy_m', accuracy_m, 'since', recorded_at) END
    FROM visits WHERE outlet_id = ${outlet} ORDER BY recorded_at DESC LIMIT 1)`,

  visit_overdue: (c) => {
    const before = c.now - c.config.FLAG_VISIT_OVERDUE_DAYS * DAY_MS;
    return sql`(SELECT CASE WHEN coalesce(last, ${users.createdAt}) <= ${before}
        THEN json_object('last_visit_at', last, 'since', coalesce(last, ${users.createdAt})) END
      FROM (SELECT max(recorded_at) AS last FROM visits WHERE outlet_id = ${outlet}))`;
  },
};

/** The codes computed today (every code but those still waiting for their data). */
export const ACTIVE_FLAGS = FLAG_CODES.filter((code) => rules[code] !== null);

/** The flag's facts as JSON text when raised, else NULL; a code without a rule never is. */
export const flagFacts = (code: FlagCode, c: FlagContext): SQL => rules[code]?.(c) ?? sql`NULL`;

/** Whether the flag is raised. */
export const flagRaised = (code: FlagCode, c: FlagContext): SQL =>
  sql`(${flagFacts(code, c)} IS NOT NULL)`;

/** How many flags the outlet raises (`sort=flags`). */
export const flagCount = (c: FlagContext): SQL =>
  sql`(${sql.join(
    ACTIVE_FLAGS.map((code) => flagRaised(code, c)),
    sql` + `,
  )})`;
