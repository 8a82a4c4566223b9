/** The closed sets the API and the database share (db/schema.ts checks them in SQL). */
export const ROLES = ['retailer', 'distributor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SALE_STATUSES = ['pending', 'unknown', 'succeeded', 'failed', 'reversed'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];
