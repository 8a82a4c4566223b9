import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import { sales } from '../../db/schema';
import { SYSTEM_ACTOR } from '../audit/entry';
import type { TopupStatus } from '../carrier/gateway';
import type { Deps } from '../deps';
import { reversalSettlementOf } from './outcome';
import { applyReversal } from './reversal';

export interface ReversalReport {
  checked: number;
  /** Reversed by this run, on the carrier's word. */
  reversed: number;
  /** The carrier says the top-up stands: the request was cleared, no money moved. */
  cancelled: number;
  /** Still waiting: no answer, or one that settles nothing. */
  open: number;
}

/**
 * Reversals whose answer was lost (issue 14): a succeeded sale with a reversal asked
 * RECONCILE_AFTER_MS ago or more, so a carrier's reports had time to catch up. The
 * carrier's status of the sale decides (worker/sales/outcome.ts): `reversed` returns
 * the money, once (the schema refuses a second reversal), `succeeded` clears the
 * request, anything else waits for the next run. Safe to run twice at once.
 */
export async function reconcileReversals(
  deps: Deps,
  batchSize = 1_000,
  concurrency = deps.config.RECONCILE_CONCURRENCY,
): Promise<ReversalReport> {
  const report: ReversalReport = { checked: 0, reversed: 0, cancelled: 0, open: 0 };
  const due = await deps.db
    .select({
      id: sales.id,
      amount: sales.amount,
      retailerId: sales.retailerId,
      askedAt: sales.reversalAskedAt,
    })
    .from(sales)
    .where(
      and(
        eq(sales.status, 'succeeded'),
        isNotNull(sales.reversalAskedAt),
        lte(sales.reversalAskedAt, deps.clock.now() - deps.config.RECONCILE_AFTER_MS),
      ),
    )
    .orderBy(asc(sales.reversalAskedAt))
    .limit(batchSize);

  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const sale = due[next++]!;
      report.checked++;
      let status: TopupStatus;
      try {
        status = await deps.carrier.status(sale.id, deps.config.CARRIER_TIMEOUT_MS);
      } catch {
        report.open++;
        continue;
      }
      const settlement = reversalSettlementOf(status);
      const by = {
        actor: SYSTEM_ACTOR,
        channel: 'system',
        detail: { asked_by: sale.retailerId, settled_by: 'reconciliation' },
      };
      const reversed = await applyReversal(
        deps,
        { ...sale, askedAt: sale.askedAt! },
        settlement,
        by,
      );
      if (settlement.action === 'wait') report.open++;
      else if (settlement.action === 'cancel') report.cancelled++;
      else if (reversed) report.reversed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}
