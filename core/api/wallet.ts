import { z } from 'zod';

/** GET /wallet (see sales.ts for why these live in core/). */
export const Wallet = z.object({
  available: z.number().int(),
  held: z.number().int(),
  commission: z.number().int(),
  currency: z.string(),
});
export type Wallet = z.infer<typeof Wallet>;

/** GET /wallet/statement: the wallet's transfers, newest first. */
export const StatementLine = z.object({
  id: z.number().int(),
  kind: z.string(),
  amount: z.number().int(),
  available_change: z.number().int(),
  reference: z.string().nullable(),
  created_at: z.string(),
  sale: z
    .object({
      id: z.string(),
      msisdn: z.string(),
      status: z.string(),
      commission: z.number().int(),
    })
    .nullable(),
});
export type StatementLine = z.infer<typeof StatementLine>;

export const Statement = z.object({
  items: z.array(StatementLine),
  next_cursor: z.number().int().nullable(),
});
export type Statement = z.infer<typeof Statement>;
