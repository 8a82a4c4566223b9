import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { StockRequest, StockRequestStatus } from '../../core/api/stock';
import { stockRequests, transfers, users } from '../../db/schema';
import { scopeFilter } from '../auth/scope';
import type { Caller } from '../caller';
import type { Deps } from '../deps';

/** A stock request as the API shows it (core/api/stock.ts). */
export type StockRequestView = StockRequest;

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

const columns = {
  request: stockRequests,
  retailerName: users.name,
  distributorId: users.distributorId,
  locale: users.locale,
  transferId: transfers.id,
};

/** Requests with their retailer and the transfer an approval made (reference `stock-request:<id>`). */
const base = (deps: Deps) =>
  deps.db
    .select(columns)
    .from(stockRequests)
    .innerJoin(users, eq(users.id, stockRequests.retailerId))
    .leftJoin(transfers, eq(transfers.reference, sql`'stock-request:' || ${stockRequests.id}`));

type Row = Awaited<ReturnType<ReturnType<typeof base>['where']>>[number];

const viewOf = (row: Row, currency: string): StockRequestView => ({
  id: row.request.id,
  retailer_id: row.request.retailerId,
  retailer_name: row.retailerName,
  amount: row.request.amount,
  currency,
  note: row.request.note,
  status: row.request.status,
  channel: row.request.channel,
  created_at: iso(row.request.createdAt)!,
  decided_at: iso(row.request.decidedAt),
  decided_by: row.request.decidedBy,
  reason: row.request.reason,
  transfer_id: row.transferId,
});

/** One request with what a decision needs to know: its retailer's distributor and language. */
export async function findRequest(deps: Deps, id: string) {
  const [row] = await base(deps).where(eq(stockRequests.id, id));
  if (!row) return undefined;
  return {
    ...viewOf(row, deps.config.CURRENCY),
    distributor_id: row.distributorId,
    locale: row.locale,
  };
}

export async function readRequest(deps: Deps, id: string): Promise<StockRequestView | undefined> {
  const [row] = await base(deps).where(eq(stockRequests.id, id));
  return row && viewOf(row, deps.config.CURRENCY);
}

/** A retailer's request by its Idempotency-Key, with the hash of the body it was made with. */
export async function readRequestByKey(deps: Deps, retailerId: string, key: string) {
  const [row] = await base(deps).where(
    and(eq(stockRequests.retailerId, retailerId), eq(stockRequests.idempotencyKey, key)),
  );
  return row && { view: viewOf(row, deps.config.CURRENCY), hash: row.request.requestHash };
}

/** Most requests a list answers: a distributor's queue is short; older ones are in the audit log. */
export const REQUEST_LIST_MAX = 200;

/**
 * GET /stock-requests?status=, in scope (DESIGN 7): a retailer its own, a distributor its
 * retailers', a manager its region's, an admin all; pending oldest first (a queue), the
 * others newest first.
 */
export async function listStockRequests(
  deps: Deps,
  caller: Pick<Caller, 'id' | 'role'>,
  status?: StockRequestStatus,
): Promise<StockRequestView[]> {
  const scope: SQL | undefined =
    caller.role === 'retailer'
      ? eq(stockRequests.retailerId, caller.id)
      : await scopeFilter(deps, caller);
  const rows = await base(deps)
    .where(and(scope, status ? eq(stockRequests.status, status) : undefined))
    .orderBy(status === 'pending' ? stockRequests.createdAt : desc(stockRequests.createdAt))
    .limit(REQUEST_LIST_MAX);
  return rows.map((row) => viewOf(row, deps.config.CURRENCY));
}
