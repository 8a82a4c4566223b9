import type { AuditEntry } from '../audit/chain';
import { CarrierTimeoutError, type TopupOutcome } from '../carrier/gateway';
import type { Deps } from '../deps';
import { markUnknown, postSale, voidSale } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { logOf } from '../log';
import { type Settlement, settlementOf } from './outcome';

export interface HeldSale {
  id: string;
  msisdn: string;
  amount: number;
  currency: string;
  operator: string;
}

/**
 * Writes a settlement, treating "someone settled it first" as done: the request path
 * and reconciliation may race, and the schema lets only the first one through.
 */
export async function settle(
  deps: Deps,
  statements: Parameters<Deps['writer']['write']>[0],
  audit: AuditEntry[] = [],
): Promise<boolean> {
  try {
    await deps.writer.write(statements, audit);
    return true;
  } catch (error) {
    if (violationOf(error) !== 'already_settled') throw error;
    return false;
  }
}

/** Posts or voids a sale as `settlement` says (worker/sales/outcome.ts); false when there was nothing to do. */
export async function applySettlement(
  deps: Deps,
  saleId: string,
  settlement: Settlement,
): Promise<boolean> {
  const now = deps.clock.now();
  if (settlement.action === 'post')
    return settle(deps, postSale(saleId, settlement.carrierRef, now));
  if (settlement.action === 'void')
    return settle(deps, voidSale(saleId, settlement.failureCode, now));
  return false;
}

export const settleOutcome = (deps: Deps, saleId: string, outcome: TopupOutcome) =>
  applySettlement(deps, saleId, settlementOf(outcome));

/**
 * After the hold has committed: ask the carrier, then post or void. No answer in time
 * makes the sale `unknown`; only reconciliation, asking the carrier, may settle it.
 */
export async function callCarrier(deps: Deps, sale: HeldSale): Promise<void> {
  deps.hooks?.afterHold?.();
  let outcome: TopupOutcome;
  try {
    outcome = await deps.carrier.topup(
      {
        saleId: sale.id,
        msisdn: sale.msisdn,
        amount: sale.amount,
        currency: sale.currency,
        operator: sale.operator,
      },
      deps.config.CARRIER_TIMEOUT_MS,
    );
  } catch (error) {
    if (!(error instanceof CarrierTimeoutError))
      logOf(deps).error('carrier topup failed', { sale: sale.id, error });
    await settle(deps, markUnknown(sale.id, deps.clock.now()));
    return;
  }
  deps.hooks?.afterCarrier?.();
  await settleOutcome(deps, sale.id, outcome);
}
