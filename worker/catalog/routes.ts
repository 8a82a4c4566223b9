import { OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema';
import type { AppEnv } from '../auth/middleware';
import { json, route, validationHook } from '../http/route';
import { getProfile, listProducts } from './service';

/** Read-only data every logged-in user may see. */
const anyUser = { roles: ROLES, scope: 'self' } as const;

const Product = z.object({
  id: z.string(),
  operator: z.string(),
  name: z.string(),
  prefixes: z.array(z.string()),
  denominations: z.array(z.number().int()),
  commission_bps: z.number().int(),
});

const Profile = z
  .object({
    id: z.string(),
    role: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    region_id: z.string().nullable(),
    currency: z.string(),
    country: z.string(),
    visit_secret: z.string().optional().openapi({
      description: 'Retailers only: the outlet’s visit-code secret (hex, core/visit-code.ts)',
    }),
    limits: z.object({
      min_sale: z.number().int(),
      max_sale: z.number().int(),
      daily_limit: z.number().int(),
    }),
  })
  .openapi('Profile');

export const catalogRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/products',
      tags: ['catalog'],
      summary: 'Active products: operator, number prefixes, suggested amounts, commission rate',
      access: anyUser,
      responses: {
        200: json(z.object({ items: z.array(Product) }).openapi('Products'), 'The products'),
      },
    }),
    async (c) => c.json(await listProducts(c.get('deps')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/me',
      tags: ['catalog'],
      summary: 'The caller’s profile and the limits the app checks before queueing a sale',
      access: anyUser,
      errors: ['not_found'],
      responses: { 200: json(Profile, 'The profile') },
    }),
    async (c) => c.json(await getProfile(c.get('deps'), c.get('user').id), 200),
  );
