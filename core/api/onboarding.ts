import { z } from 'zod';
import { isTimeZone } from '../day';
import { ROLES } from './enums';

/** Onboarding (DESIGN 12, issue 11): regions and users, as the admin's screens send and read them. */

export const Region = z.object({
  id: z.string(),
  name: z.string(),
  /** The region's own IANA zone; null: the deployment's TIMEZONE. */
  timezone: z.string().nullable(),
});
export type Region = z.infer<typeof Region>;

export const Regions = z.object({ items: z.array(Region) });
export type Regions = z.infer<typeof Regions>;

const name = z.string().trim().min(1).max(120);

export const NewRegion = z.strictObject({
  name,
  timezone: z.string().max(64).refine(isTimeZone, 'not an IANA time zone').optional(),
});
export type NewRegion = z.infer<typeof NewRegion>;

export const UserView = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  region_id: z.string().nullable(),
  distributor_id: z.string().nullable(),
  active: z.boolean(),
  frozen: z.boolean(),
  locked_until: z.string().nullable(),
  created_at: z.string(),
  limits: z.object({
    min_sale: z.number().int().nullable(),
    max_sale: z.number().int().nullable(),
    daily_limit: z.number().int().nullable(),
  }),
});
export type UserView = z.infer<typeof UserView>;

export const UserPage = z.object({
  items: z.array(UserView),
  next_cursor: z.string().nullable(),
});
export type UserPage = z.infer<typeof UserPage>;

const id = z.string().min(1).max(64);

/**
 * POST /users: retailers and distributors log in by phone (parsed, stored in E.164),
 * staff by email; everyone but an admin belongs to a region; a retailer may name its
 * distributor (one of the same region).
 */
export const NewUser = z.strictObject({
  role: z.enum(ROLES),
  name,
  phone: z.string().min(3).max(32).optional(),
  email: z.email().max(254).optional(),
  region_id: id.optional(),
  distributor_id: id.optional(),
});
export type NewUser = z.infer<typeof NewUser>;

/** The new user and its first PIN or password, shown once (DESIGN 12). */
export const Onboarded = z.object({ user: UserView, secret: z.string() });
export type Onboarded = z.infer<typeof Onboarded>;

/** PATCH /users/:id: a region is never changed (DESIGN 2, 409 region_change_not_supported). */
export const UserChange = z
  .strictObject({
    name: name.optional(),
    distributor_id: id.nullable().optional(),
    active: z.boolean().optional(),
    region_id: id.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field');
export type UserChange = z.infer<typeof UserChange>;
