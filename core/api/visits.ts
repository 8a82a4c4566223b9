import { z } from 'zod';
import { VISIT_CHECKLIST, type VisitChecklistItem } from './enums';

/**
 * A manager's visits (DESIGN 10 "Visits"): the request and the answers, declared by the
 * server's routes (worker/visits) and read by the console (web/console/manager), one
 * source (see sales.ts for why these live in core/). `zod` only.
 */

/** The checklist of DESIGN 10, every item answered. */
export const Checklist = z.strictObject(
  Object.fromEntries(VISIT_CHECKLIST.map((item) => [item, z.boolean()])) as Record<
    VisitChecklistItem,
    z.ZodBoolean
  >,
);

export const VisitRequest = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy_m: z.number().positive().max(100_000).describe('navigator.geolocation accuracy, metres'),
  recorded_at: z.iso
    .datetime({ offset: true })
    .describe('When the manager recorded it, on the device'),
  checklist: Checklist,
  note: z.string().max(2000).optional(),
  photo: z
    .string()
    .max(420_000)
    .optional()
    .describe('data:image/jpeg;base64,... of at most 300 KB'),
  shop_code: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('The six digits the shop’s PWA shows (proof of presence)'),
});
export type VisitRequest = z.infer<typeof VisitRequest>;

const distance = z.number().int().nullable().describe('Null when the outlet has no location');

export const VisitAnswer = z.object({
  id: z.string(),
  distance_m: distance,
  shop_confirmed: z.boolean(),
  flags: z.array(z.enum(['visit_far'])),
});
export type VisitAnswer = z.infer<typeof VisitAnswer>;

export const Visit = z.object({
  id: z.string(),
  outlet_id: z.string(),
  manager_id: z.string(),
  manager_name: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  accuracy_m: z.number(),
  recorded_at: z.string(),
  received_at: z.string(),
  checklist: Checklist,
  note: z.string().nullable(),
  has_photo: z.boolean(),
  shop_confirmed: z.boolean(),
  distance_m: distance,
  flags: z.array(z.enum(['visit_far'])),
});
export type Visit = z.infer<typeof Visit>;

export const VisitPage = z.object({ items: z.array(Visit), next_cursor: z.string().nullable() });
