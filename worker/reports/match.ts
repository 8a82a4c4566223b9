import type { CarrierReportItem } from '../carrier/gateway';

/** What the carrier's record says of a sale: its own status, or that it has none. */
export type CarrierSide = CarrierReportItem['status'] | 'not_found';
/** What the ledger says: a sale's status, or `missing` for a top-up we never made. */
export type LedgerSide = 'pending' | 'unknown' | 'succeeded' | 'failed' | 'reversed' | 'missing';

/**
 * The reconciliation rule (issue 9, DESIGN 4), in one table: for each ledger status, the
 * carrier statuses that agree with it. A sale still open (pending/unknown) agrees with
 * anything: reconciliation settles it and the report lists it as stuck.
 */
const AGREES: Record<LedgerSide, readonly CarrierSide[]> = {
  pending: ['succeeded', 'processing', 'reversed', 'failed', 'not_found'],
  unknown: ['succeeded', 'processing', 'reversed', 'failed', 'not_found'],
  succeeded: ['succeeded'],
  failed: ['failed', 'not_found'],
  reversed: ['reversed'],
  missing: ['failed', 'not_found'],
};

export const agrees = (ledger: LedgerSide, carrier: CarrierSide): boolean =>
  AGREES[ledger].includes(carrier);
