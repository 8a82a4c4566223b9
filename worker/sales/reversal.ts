import { auditEntry } from '../audit/entry';
import { CarrierTimeoutError } from '../carrier/gateway';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { reverseSale as reverseStatements } from '../ledger/statements';
import { getSale, type SaleAnswer } from './service';
import { settle } from './settle';

/**
 * POST /api/v1/sales/:id/reversal: only a succeeded sale, only once the carrier has
 * taken the airtime back; then new transfers return the money and take back the
 * commission. Asking again answers with the reversed sale.
 */
export async function reverseSale(
  deps: Deps,
  retailerId: string,
  saleId: string,
): Promise<SaleAnswer> {
  const sale = await getSale(deps, retailerId, saleId);
  if (sale.status === 'reversed') return { sale, replayed: true };
  if (sale.status !== 'succeeded') {
    throw appError('sale_not_reversible', `A ${sale.status} sale cannot be reversed`);
  }
  let outcome: Awaited<ReturnType<Deps['carrier']['reverse']>>;
  try {
    outcome = await deps.carrier.reverse(saleId, deps.config.CARRIER_TIMEOUT_MS);
  } catch (error) {
    if (!(error instanceof CarrierTimeoutError)) throw error;
    throw appError('carrier_unavailable', 'The carrier did not answer; try the reversal again');
  }
  if (outcome.status === 'refused') {
    throw appError('reversal_refused', `The carrier refused the reversal: ${outcome.reason}`);
  }
  const applied = await settle(deps, reverseStatements(saleId, deps.clock.now()), [
    auditEntry(deps, { id: retailerId, role: 'retailer' }, 'reversal', 'app', saleId, {
      amount: sale.amount,
    }),
  ]);
  return { sale: await getSale(deps, retailerId, saleId), replayed: !applied };
}
