import { z } from 'zod';
import { SALE_STATUSES } from './enums';

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
});
export type Sale = z.infer<typeof Sale>;

export const SalePage = z.object({ items: z.array(Sale), next_cursor: z.string().nullable() });
export type SalePage = z.infer<typeof SalePage>;

/** POST /sales/:id/receipt-sms. */
export const ReceiptSent = z.object({ to: z.string() });
export type ReceiptSent = z.infer<typeof ReceiptSent>;
