import type { CarrierRecord } from '../ledger/check';

/**
 * The carrier gateway (DESIGN 4): the operator's charging system as Airload sees it.
 * Every call is keyed by our sale id, so asking twice is safe.
 */

export interface TopupRequest {
  /** Our sale id: the carrier's idempotency key and the key `status` and `reverse` use. */
  saleId: string;
  /** Customer number, E.164. */
  msisdn: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  operator: string;
}

/**
 * What a top-up call can tell us. `declined` and `unavailable` are final failures
 * (the hold is voided). A timeout or a network error is not an outcome: the gateway
 * throws `CarrierTimeoutError` and the sale becomes `unknown`.
 */
export type TopupOutcome =
  | { status: 'succeeded'; carrierRef: string }
  | { status: 'declined'; reason: string }
  | { status: 'unavailable'; reason: string };

/**
 * What the carrier says it did with a sale id. `not_found`: it never received the
 * top-up, so the hold may be voided. `processing`: ask again later.
 */
export type TopupStatus =
  | { status: 'succeeded'; carrierRef: string }
  | { status: 'failed'; reason: string }
  | { status: 'not_found' }
  | { status: 'processing' }
  | { status: 'reversed' };

/**
 * One top-up in the carrier's own record (issue 9, reconciliation report): what it did
 * with a sale id, and when it received it (the carrier's clock, epoch ms).
 */
export interface CarrierReportItem {
  saleId: string;
  /** Minor units. */
  amount: number;
  status: 'succeeded' | 'processing' | 'reversed' | 'failed';
  at: number;
}

export type ReverseOutcome = { status: 'reversed' } | { status: 'refused'; reason: string };

export interface CarrierGateway {
  /** Throws CarrierTimeoutError when the carrier does not answer within `timeoutMs`. */
  topup(request: TopupRequest, timeoutMs: number): Promise<TopupOutcome>;
  /** Throws CarrierTimeoutError when the carrier does not answer within `timeoutMs`. */
  status(saleId: string, timeoutMs: number): Promise<TopupStatus>;
  /** Throws CarrierTimeoutError when the carrier does not answer within `timeoutMs`. */
  reverse(saleId: string, timeoutMs: number): Promise<ReverseOutcome>;
  /**
   * Every top-up the carrier received in [fromMs, toMs), from its own record: the
   * reconciliation report (GET /api/v1/reports/reconciliation) matches the ledger
   * against it. Throws CarrierTimeoutError when the carrier does not answer in time.
   */
  report(fromMs: number, toMs: number, timeoutMs: number): Promise<CarrierReportItem[]>;
  /**
   * What the carrier says it credited, for checkLedger (issue 6: GET
   * /api/v1/audit/ledger-check), where the carrier can list it: the simulator can, a real
   * aggregator need not. Sync or async, so the simulator's own record stays a plain read.
   */
  credited?(): CarrierRecord[] | Promise<CarrierRecord[]>;
}

/** The carrier did not answer in time, or could not be reached: the outcome is unknown. */
export class CarrierTimeoutError extends Error {
  override readonly name = 'CarrierTimeoutError';
}
