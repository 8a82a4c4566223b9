import { z } from '@hono/zod-openapi';
import { VISIT_CHECKLIST } from '../../db/schema';
import { pageQuery } from '../http/route';

/** The checklist of DESIGN 10, every item answered. */
export const Checklist = z
  .strictObject(
    Object.fromEntries(VISIT_CHECKLIST.map((item) => [item, z.boolean()])) as Record<
      (typeof VISIT_CHECKLIST)[number],
      z.ZodBoolean
    >,
  )
  .openapi('VisitChecklist');

export const VisitRequest = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy_m: z
      .number()
      .positive()
      .max(100_000)
      .openapi({ description: 'navigator.geolocation accuracy, metres' }),
    recorded_at: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'When the manager recorded it, on the device' }),
    checklist: Checklist,
    note: z.string().max(2000).optional(),
    photo: z
      .string()
      .max(420_000)
      .optional()
      .openapi({ description: 'data:image/jpeg;base64,... of at most 300 KB' }),
    shop_code: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .openapi({ description: 'The six digits the shop’s PWA shows (proof of presence)' }),
  })
  .openapi('VisitRequest');
export type VisitRequest = z.infer<typeof VisitRequest>;

export const VisitAnswer = z
  .object({
    id: z.string(),
    distance_m: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Null when the outlet has no location' }),
    shop_confirmed: z.boolean(),
    flags: z.array(z.enum(['visit_far'])),
  })
  .openapi('VisitAnswer');
export type VisitAnswer = z.infer<typeof VisitAnswer>;

export const Visit = z
  .object({
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
    distance_m: z.number().int().nullable(),
    flags: z.array(z.enum(['visit_far'])),
  })
  .openapi('Visit');

export const VisitPage = z
  .object({ items: z.array(Visit), next_cursor: z.string().nullable() })
  .openapi('VisitPage');

export const VisitQuery = pageQuery;

export const VisitParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
  visitId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'visitId', in: 'path' } }),
});
