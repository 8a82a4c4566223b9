import type { ResultSet } from '@libsql/client';
import type { AuditEntry } from '../audit/chain';
import { CarrierTimeoutError, type TopupOutcome } from '../carrier/gateway';
import type { Deps } from '../deps';
import { markUnknown, postSale, voidSale } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
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

function outcomeStatements(deps: Deps, saleId: string, outcome: TopupOutcome) {
  const now = deps.clock.now();
  if (outcome.status === 'succeeded') return postSale(saleId, outcome.carrierRef, now);
  const code = outcome.status === 'declined' ? 'carrier_declined' : 'carrier_unavailable';
  return voidSale(saleId, code, now);
}

export function settleOutcome(deps: Deps, saleId: string, outcome: TopupOutcome): Promise<boolean> {
  return settle(deps, outcomeStatements(deps, saleId, outcome));
}

/** The sale as its settling write returned it (RETURNING *); undefined when that wrote no sale. */
const returnedSale = (results: ResultSet[] | undefined): SaleRow | undefined => {
  const row = results?.[0]?.rows[0];
  return row ? saleRowOf(row) : undefined;
};

/**
 * After the hold has committed: ask the carrier, then post or void. No answer in time
 * makes the sale `unknown`; only reconciliation, asking the carrier, may settle it.
 * Returns the sale as that write left it, or undefined when another settled it first.
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
      console.error('carrier topup failed', sale.id, error);
    return returnedSale(await settleWrite(deps, markUnknown(sale.id, deps.clock.now())));
  }
  deps.hooks?.afterCarrier?.();
  return returnedSale(await settleWrite(deps, outcomeStatements(deps, sale.id, outcome)));
}
