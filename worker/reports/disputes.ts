import type { SQL } from 'drizzle-orm';
import { and, count, eq, gte, lt, sum } from 'drizzle-orm';
import type { DisputeDay } from '../../core/api/reports';
import {
  DISPUTE_REASONS,
  DISPUTE_STATUSES,
  disputes,
  sales,
  transfers,
  users,
} from '../../db/schema';
import type { Deps } from '../deps';

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The disputes of a day [from, to) (the report's zone) in scope for the reconciliation report
 * (issue 12): those opened that day by reason and by their status now, those resolved
 * that day by outcome, and what dispute_losses paid that day.
 */
export async function disputeDay(
  deps: Deps,
  scope: SQL | undefined,
  from: number,
  to: number,
): Promise<DisputeDay> {
  const [opened, resolved, refunds] = await Promise.all([
    deps.db
      .select({ reason: disputes.reason, status: disputes.status, n: count() })
      .from(disputes)
      .innerJoin(users, eq(users.id, disputes.retailerId))
      .where(and(gte(disputes.openedAt, from), lt(disputes.openedAt, to), scope))
      .groupBy(disputes.reason, disputes.status),
    deps.db
      .select({ status: disputes.status, n: count() })
      .from(disputes)
      .innerJoin(users, eq(users.id, disputes.retailerId))
      .where(and(gte(disputes.resolvedAt, from), lt(disputes.resolvedAt, to), scope))
      .groupBy(disputes.status),
    deps.db
      .select({ n: count(), total: sum(transfers.amount) })
      .from(transfers)
      .innerJoin(sales, eq(sales.id, transfers.saleId))
      .innerJoin(users, eq(users.id, sales.retailerId))
      .where(
        and(
          eq(transfers.kind, 'dispute_refund'),
          gte(transfers.createdAt, from),
          lt(transfers.createdAt, to),
          scope,
        ),
      ),
  ]);
  const by_reason = zeros(DISPUTE_REASONS);
  const by_outcome = zeros(DISPUTE_STATUSES);
  for (const r of opened) {
    by_reason[r.reason] += r.n;
    by_outcome[r.status] += r.n;
  }
  const done = zeros(['refunded', 'rejected', 'withdrawn'] as const);
  for (const r of resolved) if (r.status in done) done[r.status as keyof typeof done] += r.n;
  return {
    opened: opened.reduce((t, r) => t + r.n, 0),
    by_reason,
    by_outcome,
    resolved: done,
    refunded_from_dispute_losses: {
      count: refunds[0]?.n ?? 0,
      total: Number(refunds[0]?.total ?? 0),
    },
  };
}
