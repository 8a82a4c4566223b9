import type { ReverseOutcome, TopupOutcome, TopupStatus } from '../carrier/gateway';

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
  /** `notFoundBy`: void only a sale first seen `not_found` by then (checked in SQL). */
  | { action: 'void'; failureCode: FailureCode; notFoundBy?: number }
  /** The first `not_found`: record it and ask again later (issue 14 item 8). */
  | { action: 'note_not_found' }
  /** The carrier is still working on it: ask again later. */
  | { action: 'wait' };

/** What reconciliation knows of earlier `not_found` answers for the sale. */
export interface NotFoundSighting {
  /** When `not_found` was first heard; null when never. */
  at: number | null;
  now: number;
  /** RECONCILE_AFTER_MS: how far apart two `not_found` answers must be to void. */
  afterMs: number;
}

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

/**
 * `not_found` voids only on a second sighting RECONCILE_AFTER_MS after the first: a
 * carrier whose reports lag may not know yet of a top-up it delivered. Without
 * `sighting` every `not_found` counts as the first.
 */
export function settlementOf(answer: CarrierAnswer, sighting?: NotFoundSighting): Settlement {
  switch (answer.status) {
    case 'succeeded':
      return { action: 'post', carrierRef: answer.carrierRef };
    case 'processing':
      return { action: 'wait' };
    case 'not_found': {
      if (!sighting || sighting.at === null) return { action: 'note_not_found' };
      const notFoundBy = sighting.now - sighting.afterMs;
      if (sighting.at > notFoundBy) return { action: 'wait' };
      return { action: 'void', failureCode: FAILURE_CODES.not_found, notFoundBy };
    }
    default:
      return { action: 'void', failureCode: FAILURE_CODES[answer.status] };
  }
}

/**
 * What a carrier answer means for a reversal the shop asked for (issue 14), on both
 * paths: the reversal's own answer (worker/sales/reversal.ts) and, when that answer was
 * lost, the sale's status asked by reconciliation (worker/sales/reversal-reconcile.ts).
 * Money comes back only on the carrier's word `reversed`, never on a guess.
 */
export type ReversalSettlement =
  /** The carrier took the airtime back: new transfers return the money (once: SQL). */
  | { action: 'reverse' }
  /** The top-up stands (refused, or the reversal never arrived): nothing is waiting. */
  | { action: 'cancel' }
  /** An answer that settles nothing (processing, not_found, failed): ask again later. */
  | { action: 'wait' };

export function reversalSettlementOf(answer: ReverseOutcome | TopupStatus): ReversalSettlement {
  switch (answer.status) {
    case 'reversed':
      return { action: 'reverse' };
    case 'refused':
    case 'succeeded':
      return { action: 'cancel' };
    default:
      return { action: 'wait' };
  }
}
