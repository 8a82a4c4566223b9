import type { ResultSet } from '@libsql/client';
import type { AuditEntry } from '../audit/chain';
import { CarrierTimeoutError, type TopupOutcome } from '../carrier/gateway';
import type { Deps } from '../deps';
import { markUnknown, noteNotFound, postSale, voidSale } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { logOf } from '../log';
import { kickOutbox } from '../sms/outbox';
import { type Settlement, settlementOf } from './outcome';
import { type SaleRow, saleRowOf } from './view';

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
  return (await settleWrite(deps, statements, audit)) !== undefined;
}

/** The write's results, or undefined when someone settled the sale first. */
async function settleWrite(
  deps: Deps,
  statements: Parameters<Deps['writer']['write']>[0],
  audit: AuditEntry[] = [],
): Promise<ResultSet[] | undefined> {
  try {
    return await deps.writer.write(statements, audit);
  } catch (error) {
    if (violationOf(error) !== 'already_settled') throw error;
    return undefined;
  }
}

/** The statements that post or void a sale as `settlement` says; none for `wait`. */
function settlementStatements(deps: Deps, saleId: string, settlement: Settlement) {
  const now = deps.clock.now();
  if (settlement.action === 'post') return postSale(saleId, settlement.carrierRef, now);
  if (settlement.action === 'void')
    return voidSale(saleId, settlement.failureCode, now, settlement.notFoundBy);
  return undefined;
}

/** Posts or voids a sale as `settlement` says (worker/sales/outcome.ts); false when there was nothing to do. */
export async function applySettlement(
  deps: Deps,
  saleId: string,
  settlement: Settlement,
): Promise<boolean> {
  if (settlement.action === 'note_not_found') {
    await deps.writer.write(noteNotFound(saleId, deps.clock.now()));
    return false;
  }
  const statements = settlementStatements(deps, saleId, settlement);
  if (!statements) return false;
  const applied = await settle(deps, statements);
  // The same write queued the sale's receipts (DESIGN 6, migration sms_receipts).
  if (applied) kickOutbox(deps);
  return applied;
}

export const settleOutcome = (deps: Deps, saleId: string, outcome: TopupOutcome) =>
  applySettlement(deps, saleId, settlementOf(outcome));

/** The sale as its settling write returned it (RETURNING *); undefined when that wrote no sale. */
const returnedSale = (results: ResultSet[] | undefined): SaleRow | undefined => {
  const row = results?.[0]?.rows[0];
  return row ? saleRowOf(row) : undefined;
};

/**
 * After the hold has committed: ask the carrier, then post or void. No answer in time
 * makes the sale `unknown`; only reconciliation, asking the carrier, may settle it.
 * Returns the sale as that write left it, or undefined when another settled it first
 * (or the carrier is still working on it).
 */
export async function callCarrier(deps: Deps, sale: HeldSale): Promise<SaleRow | undefined> {
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
    return returnedSale(await settleWrite(deps, markUnknown(sale.id, deps.clock.now())));
  }
  deps.hooks?.afterCarrier?.();
  const statements = settlementStatements(deps, sale.id, settlementOf(outcome));
  if (!statements) return undefined;
  const settled = returnedSale(await settleWrite(deps, statements));
  if (settled) kickOutbox(deps);
  return settled;
}
