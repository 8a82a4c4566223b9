import { and, eq, gte, lt, lte } from 'drizzle-orm';
import { addDays, dayIn, dayStart, daysBetween } from '../../core/day';
import { outletDays, type SaleStatus, sales, users } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { AuthUser } from '../auth/middleware';
import { scopeFilter } from '../auth/scope';
import { revokeUserSessions } from '../auth/sessions';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { outletZone } from '../regions/zones';
import { listSales } from '../sales/service';
import { isOutlet, type OutletView, outletRows } from './view';

type Viewer = Pick<AuthUser, 'id' | 'role'>;

/** GET /api/v1/outlets/:id: one outlet in the caller's scope. */
export async function getOutlet(deps: Deps, viewer: Viewer, id: string): Promise<OutletView> {
  const [outlet] = await outletRows(deps, viewer, eq(users.id, id));
  if (!outlet) throw notFound('Outlet');
  return outlet;
}

/** Whether the outlet is in the caller's scope (404 when not), without computing its figures. */
async function inScope(deps: Deps, viewer: Viewer, id: string) {
  const [row] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), isOutlet, await scopeFilter(deps, viewer)));
  if (!row) throw notFound('Outlet');
}

/** A range of days in the outlet's zone (its region's, else TIMEZONE), both ends included (issue 9: at most MAX_RANGE_DAYS). */
export interface DayRange {
  from?: string | undefined;
  to?: string | undefined;
}

export const MAX_RANGE_DAYS = 400;
/** GET /outlets/:id/daily's range when none is given. */
const DAILY_DEFAULT_DAYS = 30;

function checkRange(range: DayRange) {
  if (range.from && range.to && range.from > range.to)
    throw appError('invalid_query', `from (${range.from}) is after to (${range.to})`);
  if (range.from && range.to && daysBetween(range.from, range.to) + 1 > MAX_RANGE_DAYS)
    throw appError('invalid_query', `A range is at most ${MAX_RANGE_DAYS} days`);
}

export interface SalesFilter extends DayRange {
  status?: SaleStatus | undefined;
}

/** GET /api/v1/outlets/:id/sales: an outlet's sales, newest first, by day range and status. */
export async function outletSales(
  deps: Deps,
  viewer: Viewer,
  id: string,
  limit: number,
  cursor: string | undefined,
  filter: SalesFilter = {},
) {
  checkRange(filter);
  await inScope(deps, viewer, id);
  const tz = await outletZone(deps, id);
  const where = and(
    filter.from ? gte(sales.createdAt, dayStart(filter.from, tz)) : undefined,
    filter.to ? lt(sales.createdAt, dayStart(addDays(filter.to, 1), tz)) : undefined,
    filter.status ? eq(sales.status, filter.status) : undefined,
  );
  return listSales(deps, id, limit, cursor, where);
}

/**
 * GET /api/v1/outlets/:id/daily: the outlet's sales per day in its zone (its region's,
 * else TIMEZONE) for the charts, from the per-day aggregates the ledger keeps; every day
 * of the range is present, with zeros on a day without sales. Without `to`, the range
 * ends on the outlet's today; without `from`, it is the last 30 days.
 */
export async function outletDaily(deps: Deps, viewer: Viewer, id: string, days: DayRange) {
  checkRange(days);
  await inScope(deps, viewer, id);
  const to = days.to ?? dayIn(deps.clock.now(), await outletZone(deps, id));
  const range = { from: days.from ?? addDays(to, -(DAILY_DEFAULT_DAYS - 1)), to };
  checkRange(range);
  const rows = await deps.db
    .select()
    .from(outletDays)
    .where(
      and(
        eq(outletDays.retailerId, id),
        gte(outletDays.day, range.from),
        lte(outletDays.day, range.to),
      ),
    );
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const r = byDay.get(day);
    out.push({
      day,
      count: r?.count ?? 0,
      total: r?.total ?? 0,
      commission: r?.commission ?? 0,
      failed: r?.failed ?? 0,
    });
  }
  return out;
}

async function outletRow(deps: Deps, id: string) {
  const [row] = await deps.db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isOutlet));
  if (!row) throw notFound('Outlet');
  return row;
}

/**
 * POST /api/v1/outlets/:id/freeze and /unfreeze (DESIGN 7): a frozen outlet cannot
 * sell or send stock (the database refuses both). Freezing also ends every session of
 * the outlet in the same write, so a token already out stops working at once.
 */
export async function setFrozen(
  deps: Deps,
  actor: Viewer,
  id: string,
  frozen: boolean,
  reason: string,
): Promise<OutletView> {
  await outletRow(deps, id);
  const now = deps.clock.now();
  await deps.writer.write(
    [
      { sql: 'UPDATE users SET frozen = ? WHERE id = ?', args: [frozen ? 1 : 0, id] },
      ...(frozen ? [revokeUserSessions(id, now)] : []),
    ],
    [auditEntry(deps, actor, frozen ? 'freeze' : 'unfreeze', 'app', id, { reason })],
  );
  return getOutlet(deps, actor, id);
}

/** A change of limits: a number sets the outlet's own, null goes back to the default, absent keeps it. */
export interface LimitsPatch {
  min_sale?: number | null | undefined;
  max_sale?: number | null | undefined;
  daily_limit?: number | null | undefined;
}

/**
 * PUT /api/v1/outlets/:id/limits (DESIGN 7, issue 3): an admin sets a retailer's
 * per-sale minimum and maximum and its daily total. The next sale is judged by them;
 * the daily limit is checked by the database in the sale's own write.
 */
export async function setLimits(
  deps: Deps,
  actor: Actor & Viewer,
  id: string,
  patch: LimitsPatch,
): Promise<OutletView> {
  const row = await outletRow(deps, id);
  if (row.role !== 'retailer') throw appError('invalid_request', 'Only retailers have sale limits');
  const old = { min_sale: row.minSale, max_sale: row.maxSale, daily_limit: row.dailyLimit };
  const next = {
    min_sale: patch.min_sale === undefined ? old.min_sale : patch.min_sale,
    max_sale: patch.max_sale === undefined ? old.max_sale : patch.max_sale,
    daily_limit: patch.daily_limit === undefined ? old.daily_limit : patch.daily_limit,
  };
  const min = next.min_sale ?? deps.config.MIN_SALE;
  const max = next.max_sale ?? deps.config.MAX_SALE;
  if (min > max) {
    throw appError('invalid_request', `min_sale (${min}) must not be above max_sale (${max})`);
  }
  await deps.writer.write(
    [
      {
        sql: 'UPDATE users SET min_sale = ?, max_sale = ?, daily_limit = ? WHERE id = ?',
        args: [next.min_sale, next.max_sale, next.daily_limit, id],
      },
    ],
    [auditEntry(deps, actor, 'limits_change', 'app', id, { old, new: next })],
  );
  return getOutlet(deps, actor, id);
}
