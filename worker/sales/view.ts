import type { sales } from '../../db/schema';

type SaleRow = typeof sales.$inferSelect;

/** A sale as the API shows it (DESIGN 8). Commission is what was credited: only a succeeded sale has any. */
export const saleView = (s: SaleRow) => ({
  id: s.id,
  msisdn: s.msisdn,
  amount: s.amount,
  currency: s.currency,
  status: s.status,
  commission: s.status === 'succeeded' ? s.commission : 0,
  product: s.productId,
  operator: s.operator,
  channel: s.channel,
  failure_code: s.failureCode,
  created_at: new Date(s.createdAt).toISOString(),
  updated_at: new Date(s.updatedAt).toISOString(),
});

export type SaleView = ReturnType<typeof saleView>;
