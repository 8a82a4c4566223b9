import type { CarrierEvidence, DisputeEvidence } from '../../core/api/disputes';
import type { SaleStatus } from '../../core/api/enums';
import type { Deps } from '../deps';
import type { SaleRow } from '../sales/view';

/** The sale's steps by the transfers that made them (DESIGN 3: hold, post, void, reversal). */
const STEP: Record<string, SaleStatus> = {
  hold: 'pending',
  post: 'succeeded',
  void: 'failed',
  reversal: 'reversed',
};

/** What the carrier says of the sale now; `no_answer` when it does not answer in time. */
async function carrierEvidence(deps: Deps, sale: SaleRow): Promise<CarrierEvidence> {
  const checked_at = new Date(deps.clock.now()).toISOString();
  try {
    const answer = await deps.carrier.status(sale.id, deps.config.CARRIER_TIMEOUT_MS);
    return {
      status: answer.status,
      reference: answer.status === 'succeeded' ? answer.carrierRef : sale.carrierRef,
      reason: answer.status === 'failed' ? answer.reason : null,
      checked_at,
    };
  } catch {
    return { status: 'no_answer', reference: sale.carrierRef, reason: null, checked_at };
  }
}

/**
 * The evidence a dispute opens with (DESIGN 11): the carrier's status and reference for
 * the sale, and the sale's own status history, read from its transfers.
 */
export async function evidenceOf(deps: Deps, sale: SaleRow): Promise<DisputeEvidence> {
  const [carrier, { rows }] = await Promise.all([
    carrierEvidence(deps, sale),
    deps.client.execute({
      sql: `SELECT kind, created_at FROM transfers
            WHERE sale_id = ? AND kind IN ('hold', 'post', 'void', 'reversal') ORDER BY id`,
      args: [sale.id],
    }),
  ]);
  const history = rows.map((r) => ({
    status: STEP[String(r.kind)]!,
    at: new Date(Number(r.created_at)).toISOString(),
  }));
  if (sale.status === 'unknown')
    history.push({ status: 'unknown', at: new Date(sale.updatedAt).toISOString() });
  return {
    carrier,
    sale: {
      status: sale.status,
      msisdn: sale.msisdn,
      amount: sale.amount,
      currency: sale.currency,
      created_at: new Date(sale.createdAt).toISOString(),
      history,
    },
  };
}

/**
 * DESIGN 11's automatic refund: a `not_received` dispute on a sale the carrier says it
 * never credited (not found, or failed). A carrier that credited it, is still working on
 * it or did not answer leaves the dispute open for a person: never refunded on a guess.
 */
export const carrierNeverCredited = (evidence: DisputeEvidence) =>
  evidence.carrier.status === 'not_found' || evidence.carrier.status === 'failed';
