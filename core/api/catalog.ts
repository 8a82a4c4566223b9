import { z } from 'zod';

/** GET /products and GET /me (see sales.ts for why these live in core/). */

export const Product = z.object({
  id: z.string(),
  operator: z.string(),
  name: z.string(),
  prefixes: z.array(z.string()),
  denominations: z.array(z.number().int()),
  commission_bps: z.number().int(),
});
export type Product = z.infer<typeof Product>;

export const Products = z.object({ items: z.array(Product) });
export type Products = z.infer<typeof Products>;

export const Profile = z.object({
  id: z.string(),
  role: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  region_id: z.string().nullable(),
  currency: z.string(),
  country: z.string(),
  /** The deployment's TIMEZONE: the device counts its days in it (DESIGN 8). */
  timezone: z.string(),
  /** Retailers only: the outlet's visit-code secret (hex, core/visit-code.ts). */
  visit_secret: z.string().optional(),
  limits: z.object({
    min_sale: z.number().int(),
    max_sale: z.number().int(),
    daily_limit: z.number().int(),
  }),
});
export type Profile = z.infer<typeof Profile>;
