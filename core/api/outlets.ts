import { z } from 'zod';
import { FLAG_CODES } from '../flags';
import { ROLES } from './enums';

export { FLAG_CODES, type FlagCode } from '../flags';

export const OutletFlag = z.object({
  code: z.enum(FLAG_CODES),
  /** Plain words naming the numbers (English, like the API's error messages). */
  reason: z.string(),
  /**
   * The numbers the reason names (money in minor units), so a client says them in its
   * own language (web/console/manager/flag-reasons.ts); which keys depends on the code.
   */
  values: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  since: z.string().nullable(),
  sale_ids: z.array(z.string()).optional(),
});
export type OutletFlag = z.infer<typeof OutletFlag>;

/** GET /outlets and /outlets/:id (see sales.ts for why these live in core/). */
export const Outlet = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  region: z.string().nullable(),
  distributor_id: z.string().nullable(),
  currency: z.string(),
  wallet: z.object({ available: z.number().int(), held: z.number().int() }),
  commission: z.number().int(),
  today: z.object({ count: z.number().int(), total: z.number().int() }),
  frozen: z.boolean(),
  /** While locked by wrong PINs; shown to managers and admins only. */
  locked_until: z.string().nullable().optional(),
  limits: z.object({
    min_sale: z.number().int(),
    max_sale: z.number().int(),
    daily_limit: z.number().int(),
  }),
  last_sale_at: z.string().nullable(),
  /** Last contact on any channel: a sale, a login, a token refresh. */
  last_seen_at: z.string().nullable(),
  /** This calendar month in TIMEZONE, failed and reversed sales left out. */
  month: z.object({
    count: z.number().int(),
    total: z.number().int(),
    commission: z.number().int(),
  }),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  last_visit_at: z.string().nullable(),
  flags: z.array(OutletFlag),
});
export type Outlet = z.infer<typeof Outlet>;

export const OutletPage = z.object({ items: z.array(Outlet), next_cursor: z.string().nullable() });
export type OutletPage = z.infer<typeof OutletPage>;
