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

/** A stock request (DESIGN 12): pending until its retailer's distributor approves or rejects it. */
export const STOCK_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type StockRequestStatus = (typeof STOCK_REQUEST_STATUSES)[number];
