import type { TopupOutcome, TopupStatus } from '../carrier/gateway';

/**
 * What a carrier answer means for a sale (DESIGN 4), in one table for both paths that
 * settle sales: the request path (a top-up's answer, worker/sales/settle.ts) and
 * reconciliation (a status answer, worker/sales/reconcile.ts). Issue 14 item 9: two
 * mappings drifted apart unnoticed; one table and one test table (outcome.test.ts)
 * make a swapped code fail a test.
 */
export type CarrierAnswer = TopupOutcome | TopupStatus;

export type Settlement =
  | { action: 'post'; carrierRef: string }
  | { action: 'void'; failureCode: FailureCode }
  /** The carrier is still working on it: ask again later. */
  | { action: 'wait' };

/** Why a sale failed, by the carrier answer that failed it: stored as `sales.failure_code`. */
export const FAILURE_CODES = {
  /** Top-up refused: an invalid or barred number (simulator 901). */
  declined: 'carrier_declined',
  /** Top-up refused: the operator is down (simulator 905), retryable by a new sale. */
  unavailable: 'carrier_unavailable',
  /** Status: the carrier tried and failed. */
  failed: 'carrier_failed',
  /** Status: the carrier never received it (issue 14 item 8: only after two sightings). */
  not_found: 'carrier_not_received',
  /** Status: credited and then taken back by the carrier. */
  reversed: 'carrier_reversed',
} as const satisfies Record<Exclude<CarrierAnswer['status'], 'succeeded' | 'processing'>, string>;

export type FailureCode = (typeof FAILURE_CODES)[keyof typeof FAILURE_CODES];

export function settlementOf(answer: CarrierAnswer): Settlement {
  switch (answer.status) {
    case 'succeeded':
      return { action: 'post', carrierRef: answer.carrierRef };
    case 'processing':
      return { action: 'wait' };
    default:
      return { action: 'void', failureCode: FAILURE_CODES[answer.status] };
  }
}
