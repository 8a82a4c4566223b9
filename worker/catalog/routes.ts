import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  Product,
  Products as ProductsAnswer,
  Profile as ProfileAnswer,
} from '../../core/api/catalog';
import { ROLES } from '../../db/schema';
import type { AppEnv } from '../auth/middleware';
import { json, route, validationHook } from '../http/route';
import { getProfile, listProducts } from './service';

/** Read-only data every logged-in user may see. */
const anyUser = { roles: ROLES, scope: 'self' } as const;

const Products = ProductsAnswer.extend({ items: z.array(Product.openapi('Product')) }).openapi(
  'Products',
);
const Profile = ProfileAnswer.openapi('Profile');

export const catalogRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/products',
      tags: ['catalog'],
      summary: 'Active products: operator, number prefixes, suggested amounts, commission rate',
      access: anyUser,
      responses: {
        200: json(Products, 'The products'),
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
