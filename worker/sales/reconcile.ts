import { and, asc, inArray, lte } from 'drizzle-orm';
import { sales } from '../../db/schema';
import type { TopupStatus } from '../carrier/gateway';
import type { Deps } from '../deps';
import { kickOutbox } from '../sms/outbox';
import { settlementOf } from './outcome';
import { applySettlement } from './settle';

export interface ReconcileReport {
  checked: number;
  /** Settled by this run (a sale another run settled first is not counted). */
  posted: number;
  voided: number;
  /** Still open: the carrier is processing or did not answer. */
  open: number;
}

/**
 * The reconciliation job (DESIGN 4): every `pending` or `unknown` sale past its
 * timeout is settled by what the carrier says happened to our sale id. It only ever
 * acts on the carrier's word, never on a guess, and the schema lets each sale be
 * settled once, so two runs at once, or a run after a crash at any point, are safe.
 * `not_found` voids only when heard twice RECONCILE_AFTER_MS apart (issue 14 item 8).
 */
export async function reconcile(
  deps: Deps,
  batchSize = 1_000,
  concurrency = deps.config.RECONCILE_CONCURRENCY,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, posted: 0, voided: 0, open: 0 };
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
  // Receipts a crash left queued go out with the next run.
  kickOutbox(deps);
  return report;
}
