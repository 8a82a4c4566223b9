import { z } from 'zod';
import { DISPUTE_STATUSES, SALE_STATUSES } from './enums';

/**
 * The API's answers (DESIGN 8), as zod schemas that the server declares its routes with
 * (adding OpenAPI metadata there) and that the web apps infer their types from: one
 * source, so the device cannot drift from the server (issue 9). `zod` only.
 */

export const Sale = z.object({
  id: z.string(),
  msisdn: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(SALE_STATUSES),
  commission: z.number().int(),
  product: z.string(),
  operator: z.string(),
  channel: z.string(),
  failure_code: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /**
   * When a dispute refunded the sale (issue 12: the receipt says so); null otherwise. A
   * dispute refunded by the carrier's reversal also leaves the sale `reversed`; one paid
   * from dispute_losses leaves it `succeeded` (the airtime was delivered). Optional in the
   * type only so that sales cached before it still type-check; the server always sends it.
   */
  refunded_at: z.string().nullable().optional(),
  /** The sale's latest dispute, if any (its full view: GET /api/v1/disputes/:id). */
  dispute: z
    .object({ id: z.string(), status: z.enum(DISPUTE_STATUSES) })
    .nullable()
    .optional(),
});
export type Sale = z.infer<typeof Sale>;

export const SalePage = z.object({ items: z.array(Sale), next_cursor: z.string().nullable() });
export type SalePage = z.infer<typeof SalePage>;

/** POST /sales/:id/receipt-sms. */
export const ReceiptSent = z.object({ to: z.string() });
export type ReceiptSent = z.infer<typeof ReceiptSent>;
