import { and, asc, inArray, lte } from 'drizzle-orm';
import { sales } from '../../db/schema';
import type { TopupStatus } from '../carrier/gateway';
import type { Deps } from '../deps';
import { kickOutbox } from '../sms/outbox';
import { settlementOf } from './outcome';
import { reconcileReversals } from './reversal-reconcile';
import { applySettlement } from './settle';

export interface ReconcileReport {
  checked: number;
  /** Settled by this run (a sale another run settled first is not counted). */
  posted: number;
  voided: number;
  /** Still open: the carrier is processing or did not answer (lost reversals included). */
  open: number;
  /** Succeeded sales reversed on the carrier's word after the reversal's answer was lost. */
  reversed: number;
}

/**
 * The reconciliation job (DESIGN 4): every `pending` or `unknown` sale past its
 * timeout is settled by what the carrier says happened to our sale id. It only ever
 * acts on the carrier's word, never on a guess, and the schema lets each sale be
 * settled once, so two runs at once, or a run after a crash at any point, are safe.
 * `not_found` voids only when heard twice RECONCILE_AFTER_MS apart (issue 14 item 8).
 * A succeeded sale whose reversal answer was lost is settled the same way (issue 14).
 */
export async function reconcile(
  deps: Deps,
  batchSize = 1_000,
  concurrency = deps.config.RECONCILE_CONCURRENCY,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, posted: 0, voided: 0, open: 0, reversed: 0 };
  const due = await deps.db
    .select({ id: sales.id, notFoundAt: sales.notFoundAt })
    .from(sales)
    .where(
      and(inArray(sales.status, ['pending', 'unknown']), lte(sales.resolveAfter, deps.clock.now())),
    )
    .orderBy(asc(sales.resolveAfter))
    .limit(batchSize);

  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const { id, notFoundAt } = due[next++]!;
      report.checked++;
      let status: TopupStatus;
      try {
        status = await deps.carrier.status(id, deps.config.CARRIER_TIMEOUT_MS);
      } catch {
        report.open++;
        continue;
      }
      const settlement = settlementOf(status, {
        at: notFoundAt,
        now: deps.clock.now(),
        afterMs: deps.config.RECONCILE_AFTER_MS,
      });
      if (settlement.action === 'wait' || settlement.action === 'note_not_found') {
        report.open++;
        await applySettlement(deps, id, settlement);
      } else if (await applySettlement(deps, id, settlement))
        report[settlement.action === 'post' ? 'posted' : 'voided']++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Issue 14: reversals whose answer was lost, settled by the carrier's status too.
  const reversals = await reconcileReversals(deps, batchSize, concurrency);
  report.checked += reversals.checked;
  report.open += reversals.open;
  report.reversed = reversals.reversed;
  // Receipts a crash left queued go out with the next run.
  kickOutbox(deps);
  return report;
}
