import { type Actor, auditEntry } from '../audit/entry';
import { CarrierTimeoutError } from '../carrier/gateway';
import type { Deps } from '../deps';
import { appError } from '../errors';
import {
  askReversal,
  cancelReversal,
  reverseSale as reverseStatements,
} from '../ledger/statements';
import { type ReversalSettlement, reversalSettlementOf } from './outcome';
import { getSale, type SaleAnswer } from './service';
import { settle } from './settle';

/** The sale a reversal is about, and when the reversal was asked. */
export interface ReversalOf {
  id: string;
  amount: number;
  askedAt: number;
}

/**
 * Writes what a carrier answer says of a reversal (worker/sales/outcome.ts): the
 * reversing transfers for `reverse` (the schema lets a sale be reversed once, so the
 * request path and reconciliation may race), a cleared request for `cancel`, nothing
 * for `wait`. True when this call reversed the sale.
 */
export async function applyReversal(
  deps: Deps,
  sale: ReversalOf,
  settlement: ReversalSettlement,
  by: { actor: Actor; channel: string; detail?: Record<string, unknown> },
): Promise<boolean> {
  if (settlement.action === 'wait') return false;
  if (settlement.action === 'cancel') {
    await deps.writer.write(cancelReversal(sale.id, sale.askedAt));
    return false;
  }
  return settle(deps, reverseStatements(sale.id, deps.clock.now()), [
    auditEntry(deps, by.actor, 'reversal', by.channel, sale.id, {
      amount: sale.amount,
      ...by.detail,
    }),
  ]);
}

/**
 * POST /api/v1/sales/:id/reversal: only a succeeded sale, only once the carrier has
 * taken the airtime back; then new transfers return the money and take back the
 * commission. Asking again answers with the reversed sale. The request is recorded
 * before the carrier hears of it (issue 14): when its answer is lost, reconciliation
 * asks the carrier what became of the sale (worker/sales/reversal-reconcile.ts).
 */
export async function reverseSale(
  deps: Deps,
  retailerId: string,
  saleId: string,
): Promise<SaleAnswer> {
  const sale = await getSale(deps, retailerId, saleId);
  if (sale.status === 'reversed') return { sale, replayed: true };
  // A dispute refunded it from dispute_losses (issue 12): its money is back already.
  if (sale.status !== 'succeeded' || sale.refunded_at) {
    throw appError('sale_not_reversible', `A ${sale.status} sale cannot be reversed`);
  }
  const askedAt = deps.clock.now();
  await deps.writer.write(askReversal(saleId, askedAt));
  let outcome: Awaited<ReturnType<Deps['carrier']['reverse']>>;
  try {
    outcome = await deps.carrier.reverse(saleId, deps.config.CARRIER_TIMEOUT_MS);
  } catch (error) {
    // The carrier may have reversed it: the request stays recorded for reconciliation.
    if (!(error instanceof CarrierTimeoutError)) throw error;
    throw appError(
      'carrier_unavailable',
      'The carrier did not answer; Airload asks it again and returns the money if it reversed the sale',
    );
  }
  const applied = await applyReversal(deps, { ...sale, askedAt }, reversalSettlementOf(outcome), {
    actor: { id: retailerId, role: 'retailer' },
    channel: 'app',
  });
  if (outcome.status === 'refused') {
    throw appError('reversal_refused', `The carrier refused the reversal: ${outcome.reason}`);
  }
  return { sale: await getSale(deps, retailerId, saleId), replayed: !applied };
}
