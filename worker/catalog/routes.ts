import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  NewPlanVersion,
  NewProduct,
  PlanVersion,
  PlanVersions,
  Product,
  ProductChange,
  Products as ProductsAnswer,
  Profile as ProfileAnswer,
} from '../../core/api/catalog';
import { ROLES } from '../../db/schema';
import type { AppEnv } from '../auth/middleware';
import { body, idParam, json, route, validationHook } from '../http/route';
import { changeProduct, createPlan, createProduct, listPlans } from './admin';
import { getProfile, listProducts } from './service';

const admin = { roles: ['admin'], scope: 'none' } as const;
const Plan = PlanVersion.openapi('CommissionPlanVersion');

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
      summary:
        'Active products (an admin: every product): operator, prefixes, amounts, commission now',
      access: anyUser,
      responses: {
        200: json(Products, 'The products'),
      },
    }),
    async (c) => c.json(await listProducts(c.get('deps'), c.get('user').role), 200),
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
  )
  .openapi(
    route({
      method: 'post',
      path: '/products',
      tags: ['catalog'],
      summary: 'A new product: operator, number prefixes, suggested amounts',
      access: admin,
      errors: ['product_exists'],
      request: { body: body(NewProduct.openapi('NewProduct')) },
      responses: { 201: json(Product.openapi('Product'), 'The product') },
    }),
    async (c) =>
      c.json(await createProduct(c.get('deps'), c.get('user'), c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/products/{id}',
      tags: ['catalog'],
      summary: 'Change a product: operator, name, prefixes, amounts, active',
      access: admin,
      errors: ['not_found', 'product_exists'],
      request: { params: idParam, body: body(ProductChange.openapi('ProductChange')) },
      responses: { 200: json(Product.openapi('Product'), 'The product as it is now') },
    }),
    async (c) =>
      c.json(
        await changeProduct(
          c.get('deps'),
          c.get('user'),
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  )
  .openapi(
    route({
      method: 'get',
      path: '/commission-plans',
      tags: ['catalog'],
      summary: 'Every version of the commission plan, newest first, and the one in force',
      access: admin,
      responses: {
        200: json(
          PlanVersions.extend({ items: z.array(Plan) }).openapi('CommissionPlanVersions'),
          'The versions',
        ),
      },
    }),
    async (c) => c.json(await listPlans(c.get('deps')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/commission-plans',
      tags: ['catalog'],
      summary: 'A new version of the plan from effective_from; sales already made keep theirs',
      access: admin,
      request: { body: body(NewPlanVersion.openapi('NewCommissionPlanVersion')) },
      responses: { 201: json(Plan, 'The new version') },
    }),
    async (c) => c.json(await createPlan(c.get('deps'), c.get('user'), c.req.valid('json')), 201),
  );
