/** The closed sets the API and the database share (db/schema.ts checks them in SQL). */
export const ROLES = ['retailer', 'distributor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SALE_STATUSES = ['pending', 'unknown', 'succeeded', 'failed', 'reversed'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

/** The fixed checklist of a visit (DESIGN 10), one integer boolean column each in db/schema.ts. */
export const VISIT_CHECKLIST = [
  'branding_visible',
  'price_list_shown',
  'float_sufficient',
  'records_kept',
  'pin_private',
  'no_complaints',
] as const;
export type VisitChecklistItem = (typeof VISIT_CHECKLIST)[number];

/** Why a shop disputes a sale (DESIGN 11). */
export const DISPUTE_REASONS = ['wrong_number', 'not_received', 'charged_twice', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** A dispute's statuses (DESIGN 11): open -> investigating -> refunded | rejected, or withdrawn. */
export const DISPUTE_STATUSES = [
  'open',
  'investigating',
  'refunded',
  'rejected',
  'withdrawn',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** Not final yet: at most one dispute per sale is in one of these (a partial UNIQUE index). */
export const DISPUTE_OPEN_STATUSES = ['open', 'investigating'] as const;

/** Where a refund's money came from: the carrier's reversal, the dispute_losses account, or the sale's void (nothing new moved). */
export const REFUND_SOURCES = ['carrier_reversal', 'dispute_losses', 'void'] as const;
export type RefundSource = (typeof REFUND_SOURCES)[number];
/** A stock request (DESIGN 12): pending until its retailer's distributor approves or rejects it. */
export const STOCK_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type StockRequestStatus = (typeof STOCK_REQUEST_STATUSES)[number];
