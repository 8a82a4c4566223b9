import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { accounts, users } from '../../db/schema';
import type { AuthUser } from '../auth/middleware';
import { scopeFilter } from '../auth/scope';
import type { Deps } from '../deps';

const DAY_MS = 86_400_000;
const wallet = alias(accounts, 'wallet');
const commission = alias(accounts, 'commission');

/** Outlets are the users with a wallet: retailers (shops) and distributors. */
export const isOutlet = inArray(users.role, ['retailer', 'distributor']);

/**
 * An outlet as managers see it (DESIGN 1): wallet, commission, today's sales, frozen,
 * the lock, its effective limits. `today` is the outlet's UTC day, the day its daily
 * limit counts (outlet_days); failed and reversed sales do not count, as there.
 */
export async function outletRows(
  deps: Deps,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  where: SQL | undefined,
  page: { limit: number; cursor?: string | undefined } = { limit: 1 },
) {
  const now = deps.clock.now();
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const today = (column: string) =>
    sql<number>`(SELECT ${sql.raw(column)} FROM sales s WHERE s.retailer_id = ${users.id}
      AND s.created_at >= ${dayStart} AND s.created_at < ${dayStart + DAY_MS}
      AND s.status NOT IN ('failed', 'reversed'))`;
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
      todayCount: today('count(*)'),
      todayTotal: today('coalesce(sum(s.amount), 0)'),
      lastSaleAt: sql<number | null>`(SELECT s.created_at FROM sales s
        WHERE s.retailer_id = ${users.id} ORDER BY s.id DESC LIMIT 1)`,
    })
    .from(users)
    .leftJoin(wallet, and(eq(wallet.userId, users.id), eq(wallet.kind, 'wallet')))
    .leftJoin(commission, and(eq(commission.userId, users.id), eq(commission.kind, 'commission')))
    .where(
      and(
        isOutlet,
        await scopeFilter(deps, viewer),
        where,
        page.cursor ? gt(users.id, page.cursor) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(page.limit);

  // DESIGN 7 / issue 3: the lock is shown to the staff who can lift it.
  const seesLock = viewer.role === 'manager' || viewer.role === 'admin';
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return rows.map(({ user: u, wallet: w, commission: k, ...r }) => ({
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
    today: { count: Number(r.todayCount), total: Number(r.todayTotal) },
    frozen: u.frozen === 1,
    ...(seesLock && {
      locked_until: u.lockedUntil !== null && u.lockedUntil > now ? iso(u.lockedUntil) : null,
    }),
    limits: {
      min_sale: u.minSale ?? deps.config.MIN_SALE,
      max_sale: u.maxSale ?? deps.config.MAX_SALE,
      daily_limit: u.dailyLimit ?? deps.config.DAILY_LIMIT,
    },
    last_sale_at: iso(r.lastSaleAt),
  }));
}

export type OutletView = Awaited<ReturnType<typeof outletRows>>[number];
