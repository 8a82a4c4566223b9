import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { accounts, users } from '../../db/schema';
import type { AuthUser } from '../auth/middleware';
import { scopeFilter } from '../auth/scope';
import type { Deps } from '../deps';
import { type Flag, toFlag } from '../flags/reasons';
import {
  ACTIVE_FLAGS,
  type FlagContext,
  flagContext,
  flagFacts,
  forOutlet,
  perOutletDay,
} from '../flags/rules';
import { regionZones } from '../regions/zones';

const wallet = alias(accounts, 'wallet');
const commission = alias(accounts, 'commission');

/** Outlets are the users with a wallet: retailers (shops) and distributors. */
export const isOutlet = inArray(users.role, ['retailer', 'distributor']);

/** One sum over the outlet's per-day aggregates (outlet_days) from `from` to `to`, days in its zone. */
const days = (column: string, from: SQL, to: SQL) =>
  sql<number>`(SELECT coalesce(sum(${sql.raw(column)}), 0) FROM outlet_days
    WHERE retailer_id = ${users.id} AND day >= ${from} AND day <= ${to})`;

/** The flags' and figures' context of one request: now, and the zones of the regions (read once). */
export const outletContext = async (deps: Deps): Promise<FlagContext> =>
  flagContext(deps.clock.now(), deps.config, await regionZones(deps));

/**
 * The outlet's figures as SQL on its `users` row, by the name the list sorts by
 * (GET /outlets?sort=). `today` and the month are days in the outlet's zone (its
 * region's, else TIMEZONE: DESIGN 8, issue 11), read
 * from outlet_days, the rows the daily limit counts on: failed and reversed sales do
 * not count, as there.
 */
export function outletColumns(c: FlagContext) {
  const today = perOutletDay(c, (t) => t);
  const month = perOutletDay(c, (t) => `${t.slice(0, 7)}-01`);
  return {
    today_count: days('count', today, today),
    today_total: days('total', today, today),
    month_count: days('count', month, today),
    month_total: days('total', month, today),
    month_commission: days('commission', month, today),
    last_sale_at: sql<
      number | null
    >`(SELECT max(created_at) FROM sales WHERE retailer_id = ${users.id})`,
    last_visit_at: sql<
      number | null
    >`(SELECT max(recorded_at) FROM visits WHERE outlet_id = ${users.id})`,
  };
}

/**
 * An outlet as managers see it (DESIGN 1, 10): wallet, commission, today's and the
 * month's sales, frozen, the lock, its effective limits, last contact and visit, its
 * location and its flags with their reasons.
 */
export async function outletRows(
  deps: Deps,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  where: SQL | undefined,
  limit = 1,
  context?: FlagContext,
) {
  const c = context ?? (await outletContext(deps));
  const now = c.now;
  const flagColumns = Object.fromEntries(ACTIVE_FLAGS.map((code) => [code, flagFacts(code, c)]));
  const rows = await deps.db
    .select({
      user: users,
      wallet: {
        creditsPosted: wallet.creditsPosted,
        debitsPosted: wallet.debitsPosted,
        debitsPending: wallet.debitsPending,
      },
      commission: {
        creditsPosted: commission.creditsPosted,
        debitsPosted: commission.debitsPosted,
      },
      ...outletColumns(c),
      flags: sql<string>`json_object(${sql.join(
        Object.entries(flagColumns).map(([code, facts]) => sql`${code}, json(${facts})`),
        sql`, `,
      )})`,
    })
    .from(users)
    .leftJoin(wallet, and(eq(wallet.userId, users.id), eq(wallet.kind, 'wallet')))
    .leftJoin(commission, and(eq(commission.userId, users.id), eq(commission.kind, 'commission')))
    .where(and(isOutlet, await scopeFilter(deps, viewer), where))
    .limit(limit);

  // DESIGN 7 / issue 3: the lock is shown to the staff who can lift it.
  const seesLock = viewer.role === 'manager' || viewer.role === 'admin';
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return rows.map(({ user: u, wallet: w, commission: k, ...r }) => {
    const facts = JSON.parse(r.flags) as Record<string, unknown>;
    return {
      id: u.id,
      name: u.name,
      phone: u.phone,
      role: u.role,
      region: u.regionId,
      distributor_id: u.distributorId,
      currency: deps.config.CURRENCY,
      wallet: {
        available: w ? w.creditsPosted - w.debitsPosted - w.debitsPending : 0,
        held: w?.debitsPending ?? 0,
      },
      commission: k ? k.creditsPosted - k.debitsPosted : 0,
      today: { count: Number(r.today_count), total: Number(r.today_total) },
      month: {
        count: Number(r.month_count),
        total: Number(r.month_total),
        commission: Number(r.month_commission),
      },
      frozen: u.frozen === 1,
      ...(seesLock && {
        locked_until: u.lockedUntil !== null && u.lockedUntil > now ? iso(u.lockedUntil) : null,
      }),
      limits: {
        min_sale: u.minSale ?? deps.config.MIN_SALE,
        max_sale: u.maxSale ?? deps.config.MAX_SALE,
        daily_limit: u.dailyLimit ?? deps.config.DAILY_LIMIT,
      },
      last_sale_at: iso(r.last_sale_at),
      last_seen_at: iso(u.lastSeenAt),
      last_visit_at: iso(r.last_visit_at),
      location: u.lat !== null && u.lng !== null ? { lat: u.lat, lng: u.lng } : null,
      flags: ACTIVE_FLAGS.map((code) =>
        toFlag(code, facts[code] ?? null, forOutlet(c, u.regionId)),
      ).filter((f): f is Flag => f !== undefined),
    };
  });
}

export type OutletView = Awaited<ReturnType<typeof outletRows>>[number];
