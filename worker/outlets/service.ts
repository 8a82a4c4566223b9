import { and, eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { AuthUser } from '../auth/middleware';
import { revokeUserSessions } from '../auth/sessions';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { listSales } from '../sales/service';
import { isOutlet, type OutletView, outletRows } from './view';

type Viewer = Pick<AuthUser, 'id' | 'role'>;

/** GET /api/v1/outlets: the outlets in the caller's scope (worker/auth/scope.ts), by id. */
export async function listOutlets(deps: Deps, viewer: Viewer, limit: number, cursor?: string) {
  const items = await outletRows(deps, viewer, undefined, { limit, cursor });
  return { items, next_cursor: items.length === limit ? items[items.length - 1]!.id : null };
}

/** GET /api/v1/outlets/:id: one outlet in the caller's scope. */
export async function getOutlet(deps: Deps, viewer: Viewer, id: string): Promise<OutletView> {
  const [outlet] = await outletRows(deps, viewer, eq(users.id, id));
  if (!outlet) throw notFound('Outlet');
  return outlet;
}

/** GET /api/v1/outlets/:id/sales: an outlet's sales, newest first. */
export async function outletSales(
  deps: Deps,
  viewer: Viewer,
  id: string,
  limit: number,
  cursor?: string,
) {
  await getOutlet(deps, viewer, id);
  return listSales(deps, id, limit, cursor);
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
