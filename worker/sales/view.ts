import type { Row } from '@libsql/client';
import { getTableColumns } from 'drizzle-orm';
import { sales } from '../../db/schema';

export type SaleRow = typeof sales.$inferSelect;

/** Each field of a sale and its column, from the schema: a row read by hand-written SQL maps back. */
const fields = Object.entries(getTableColumns(sales)).map(([field, column]) => [
  field,
  column.name,
]);

/** A `SELECT *` (or `RETURNING *`) row of sales as drizzle would have given it. */
export const saleRowOf = (row: Row): SaleRow =>
  Object.fromEntries(fields.map(([field, column]) => [field, row[column!]])) as SaleRow;

/** A sale as the API shows it (DESIGN 8). Commission is what was credited: only a succeeded sale has any. */
export const saleView = (s: SaleRow) => ({
  id: s.id,
  msisdn: s.msisdn,
  amount: s.amount,
  currency: s.currency,
  status: s.status,
  // A dispute's refund takes the commission back, like a reversal (issue 12).
  commission: s.status === 'succeeded' && s.refundedAt === null ? s.commission : 0,
  product: s.productId,
  operator: s.operator,
  channel: s.channel,
  failure_code: s.failureCode,
  created_at: new Date(s.createdAt).toISOString(),
  updated_at: new Date(s.updatedAt).toISOString(),
  refunded_at: s.refundedAt === null ? null : new Date(s.refundedAt).toISOString(),
  dispute:
    s.disputeId === null || s.disputeStatus === null
      ? null
      : { id: s.disputeId, status: s.disputeStatus },
});

export type SaleView = ReturnType<typeof saleView>;
