import type { AuditEntry } from '../audit/chain';
import { CarrierTimeoutError, type TopupOutcome } from '../carrier/gateway';
import type { Deps } from '../deps';
import { markUnknown, postSale, voidSale } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { kickOutbox } from '../sms/outbox';

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

/**
 * A post or void: the sale's final status. The same write queues its receipts (DESIGN
 * 6, migration 0003); the outbox sends them once the write is in.
 */
export async function settleFinal(
  deps: Deps,
  statements: Parameters<Deps['writer']['write']>[0],
): Promise<boolean> {
  const applied = await settle(deps, statements);
  if (applied) kickOutbox(deps);
  return applied;
}

export function settleOutcome(deps: Deps, saleId: string, outcome: TopupOutcome): Promise<boolean> {
  const now = deps.clock.now();
  if (outcome.status === 'succeeded')
    return settleFinal(deps, postSale(saleId, outcome.carrierRef, now));
  const code = outcome.status === 'declined' ? 'carrier_declined' : 'carrier_unavailable';
  return settleFinal(deps, voidSale(saleId, code, now));
}

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
      console.error('carrier topup failed', sale.id, error);
    await settle(deps, markUnknown(sale.id, deps.clock.now()));
    return;
  }
  deps.hooks?.afterCarrier?.();
  await settleOutcome(deps, sale.id, outcome);
}
