import { z } from 'zod';

/** GET /wallet (see sales.ts for why these live in core/). */
export const Wallet = z.object({
  available: z.number().int(),
  held: z.number().int(),
  commission: z.number().int(),
  currency: z.string(),
});
export type Wallet = z.infer<typeof Wallet>;
