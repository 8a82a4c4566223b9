import { z } from 'zod';
import { STOCK_REQUEST_STATUSES } from './enums';

/**
 * Stock requests and transfers (DESIGN 12, issue 11): the answers' shapes, shared by the
 * server's routes and the web apps (see sales.ts for why they live in core/).
 */

export { STOCK_REQUEST_STATUSES, type StockRequestStatus } from './enums';

/** Longest note on a request and reason on a rejection (the schema's CHECKs say the same). */
export const STOCK_TEXT_MAX = 500;

/** POST /stock-requests (the retailer, `Idempotency-Key`): the amount in minor units. */
export const StockRequestBody = z.strictObject({
  amount: z.number().int().positive().max(1_000_000_000_000),
  note: z.string().trim().min(1).max(STOCK_TEXT_MAX).optional(),
});
export type StockRequestBody = z.infer<typeof StockRequestBody>;

/** POST /stock-requests/:id/reject. */
export const StockRejectBody = z.strictObject({
  reason: z.string().trim().min(1).max(STOCK_TEXT_MAX),
});
export type StockRejectBody = z.infer<typeof StockRejectBody>;

export const StockRequest = z.object({
  id: z.string(),
  retailer_id: z.string(),
  retailer_name: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
  status: z.enum(STOCK_REQUEST_STATUSES),
  channel: z.string(),
  created_at: z.string(),
  decided_at: z.string().nullable(),
  decided_by: z.string().nullable(),
  reason: z.string().nullable(),
  /** The stock transfer an approval made, in the same write. */
  transfer_id: z.number().int().nullable(),
});
export type StockRequest = z.infer<typeof StockRequest>;

export const StockRequestList = z.object({ items: z.array(StockRequest) });
export type StockRequestList = z.infer<typeof StockRequestList>;

/** POST /stock-transfers: the distributor's stock to a retailer under it. */
export const StockTransfer = z.object({
  id: z.number().int(),
  retailer_id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  created_at: z.string(),
});
export type StockTransfer = z.infer<typeof StockTransfer>;

/** GET /stock-transfers: the distributor's transfers, newest first. */
export const StockTransferLine = z.object({
  id: z.number().int(),
  retailer_id: z.string(),
  retailer_name: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  /** The request it answered, when it was an approval. */
  request_id: z.string().nullable(),
  created_at: z.string(),
});
export type StockTransferLine = z.infer<typeof StockTransferLine>;

export const StockTransferList = z.object({ items: z.array(StockTransferLine) });
export type StockTransferList = z.infer<typeof StockTransferList>;
