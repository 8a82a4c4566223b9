import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Outlet as OutletAnswer, OutletPage as OutletPageAnswer } from '../../core/api/outlets';
import type { AppEnv } from '../auth/middleware';
import { body, idParam, json, pageQuery, route, validationHook } from '../http/route';
import { HARD_MAX_AMOUNT, SalePage } from '../sales/schemas';
import { getOutlet, listOutlets, outletSales, setFrozen, setLimits } from './service';

// The answers' shapes are core/api's (one source with the console).
const Outlet = OutletAnswer.openapi('Outlet');
const OutletPage = OutletPageAnswer.extend({ items: z.array(Outlet) }).openapi('OutletPage');

const Reason = body(z.strictObject({ reason: z.string().trim().min(1).max(500) }));

const limit = (description: string) =>
  z.number().int().positive().max(HARD_MAX_AMOUNT).nullable().optional().openapi({ description });

const Limits = z
  .strictObject({
    min_sale: limit('Smallest sale; null for the default'),
    max_sale: limit('Largest sale; null for the default'),
    daily_limit: z
      .number()
      .int()
      .min(0)
      .max(HARD_MAX_AMOUNT)
      .nullable()
      .optional()
      .openapi({ description: 'Sales total per UTC day; null for the default' }),
  })
  .refine((l) => Object.keys(l).length > 0, 'Name at least one limit')
  .openapi('LimitsChange');

const viewers = { roles: ['distributor', 'manager', 'admin'], scope: 'target' } as const;

export const outletRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['outlets'],
      summary: 'Outlets in scope: a distributor’s retailers, a manager’s region, all for an admin',
      access: { roles: ['distributor', 'manager', 'admin'], scope: 'none' },
      request: { query: pageQuery },
      responses: { 200: json(OutletPage, 'A page of outlets, by id') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listOutlets(c.get('deps'), c.get('user'), q.limit, q.cursor), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}',
      tags: ['outlets'],
      summary: 'One outlet in scope',
      access: viewers,
      request: { params: idParam },
      responses: { 200: json(Outlet, 'The outlet') },
    }),
    async (c) =>
      c.json(await getOutlet(c.get('deps'), c.get('user'), c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}/sales',
      tags: ['outlets'],
      summary: 'An outlet’s sales, newest first',
      access: viewers,
      request: { params: idParam, query: pageQuery },
      responses: { 200: json(SalePage, 'A page of sales') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const id = c.req.valid('param').id;
      return c.json(await outletSales(c.get('deps'), c.get('user'), id, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/freeze',
      tags: ['outlets'],
      summary: 'Freeze an outlet: it cannot sell or send stock, and its sessions end',
      access: { roles: ['manager', 'admin'], scope: 'target' },
      request: { params: idParam, body: Reason },
      responses: { 200: json(Outlet, 'The frozen outlet') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      return c.json(await setFrozen(c.get('deps'), c.get('user'), id, true, reason), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/unfreeze',
      tags: ['outlets'],
      summary: 'Unfreeze an outlet',
      access: { roles: ['manager', 'admin'], scope: 'target' },
      request: { params: idParam, body: Reason },
      responses: { 200: json(Outlet, 'The outlet') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      return c.json(await setFrozen(c.get('deps'), c.get('user'), id, false, reason), 200);
    },
  )
  .openapi(
    route({
      method: 'put',
      path: '/{id}/limits',
      tags: ['outlets'],
      summary: 'Set a retailer’s per-sale minimum and maximum and its daily limit',
      access: { roles: ['admin'], scope: 'target' },
      request: { params: idParam, body: body(Limits) },
      responses: { 200: json(Outlet, 'The outlet with its new limits') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await setLimits(c.get('deps'), c.get('user'), id, c.req.valid('json')), 200);
    },
  );
