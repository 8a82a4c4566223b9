import { z } from 'zod';

/** GET /products and GET /me (see sales.ts for why these live in core/). */

export const Product = z.object({
  id: z.string(),
  operator: z.string(),
  name: z.string(),
  prefixes: z.array(z.string()),
  denominations: z.array(z.number().int()),
  /** The plan in force now: the rate above the slabs (or of every amount). */
  commission_bps: z.number().int(),
  /** Its slabs, when the rate goes by the sale's amount (core/commission.ts). */
  commission_slabs: z
    .array(z.object({ up_to: z.number().int(), bps: z.number().int() }))
    .optional(),
  active: z.boolean(),
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
  /** The outlet's zone (its region's, else TIMEZONE): the device counts its days in it (DESIGN 8). */
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

/** A plan's rate (core/commission.ts): a product's or an operator's, optionally by slab. */
export const Slab = z.strictObject({
  up_to: z.number().int().positive().max(1_000_000_000_000),
  bps: z.number().int().min(0).max(10_000),
});
export const Rate = z.strictObject({
  product_id: z.string().min(1).max(64).optional(),
  operator: z.string().min(1).max(64).optional(),
  bps: z.number().int().min(0).max(10_000),
  slabs: z.array(Slab).max(20).optional(),
});
export type Rate = z.infer<typeof Rate>;

export const PlanVersion = z.object({
  version: z.number().int(),
  effective_from: z.string(),
  rates: z.array(Rate),
  note: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
});
export type PlanVersion = z.infer<typeof PlanVersion>;

export const PlanVersions = z.object({
  items: z.array(PlanVersion),
  /** The version in force now, or null before the first. */
  current: z.number().int().nullable(),
});
export type PlanVersions = z.infer<typeof PlanVersions>;

export const NewPlanVersion = z.strictObject({
  /** ISO instant, now or later; now when left out. */
  effective_from: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(500).optional(),
  rates: z.array(Rate).min(1).max(200),
});
export type NewPlanVersion = z.infer<typeof NewPlanVersion>;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes');
const prefixes = z
  .array(z.string().regex(/^\d{1,8}$/, 'digits of the national number'))
  .min(1)
  .max(100);
const denominations = z.array(z.number().int().positive().max(1_000_000_000)).max(20);

/** An admin's product (GET /products for an admin lists inactive ones too). */
export const NewProduct = z.strictObject({
  id: slug,
  operator: slug,
  name: z.string().trim().min(1).max(120),
  prefixes,
  denominations,
  active: z.boolean().optional(),
});
export type NewProduct = z.infer<typeof NewProduct>;

export const ProductChange = z
  .strictObject({
    operator: slug.optional(),
    name: z.string().trim().min(1).max(120).optional(),
    prefixes: prefixes.optional(),
    denominations: denominations.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field');
export type ProductChange = z.infer<typeof ProductChange>;
