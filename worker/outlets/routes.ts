import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  FLAG_CODES,
  Outlet as OutletAnswer,
  OutletFlag,
  OutletPage as OutletPageAnswer,
} from '../../core/api/outlets';
import { SALE_STATUSES } from '../../db/schema';
import type { AppEnv } from '../auth/middleware';
import { csvResponse } from '../http/csv';
import { body, csv, idParam, json, pageQuery, route, validationHook } from '../http/route';
import { HARD_MAX_AMOUNT, SalePage } from '../sales/schemas';
import { outletsCsv, salesCsv } from './export';
import { allOutlets, listOutlets, SORT_KEYS, type SortKey } from './list';
import {
  getOutlet,
  MAX_RANGE_DAYS,
  outletDaily,
  outletSales,
  setFrozen,
  setLimits,
} from './service';

const Flag = OutletFlag.openapi('OutletFlag');

// The answers' shapes are core/api's (one source with the console).
const Outlet = OutletAnswer.extend({ flags: z.array(Flag) }).openapi('Outlet');
const OutletPage = OutletPageAnswer.extend({ items: z.array(Outlet) }).openapi('OutletPage');

/** A calendar day, `YYYY-MM-DD`, that exists. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(d);
  }, 'no such day');

const Range = z.object({
  from: Day.optional().openapi({
    description: 'First day, included (in the outlet’s zone: its region’s, else TIMEZONE)',
  }),
  to: Day.optional().openapi({ description: `Last day, included; at most ${MAX_RANGE_DAYS} days` }),
});

const truthy = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ListFilters = z.object({
  q: z.string().max(100).optional().openapi({ description: 'Part of the name or phone number' }),
  flag: z.enum(FLAG_CODES).optional().openapi({ description: 'Only outlets raising this flag' }),
  frozen: truthy.optional(),
  sort: z
    .string()
    .regex(
      new RegExp(`^-?(${SORT_KEYS.join('|')})$`),
      `one of ${SORT_KEYS.join(', ')}, - first for descending`,
    )
    .default('id')
    .openapi({ description: 'A column, `-` first for descending; ties in id order' }),
});

const ListQuery = ListFilters.extend({
  limit: pageQuery.shape.limit,
  cursor: z.string().max(1024).optional(),
});

const parseSort = (sort: string) => ({
  sort: sort.replace(/^-/, '') as SortKey,
  desc: sort.startsWith('-'),
});

const SalesQuery = pageQuery.extend(Range.shape).extend({
  status: z.enum(SALE_STATUSES).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const Daily = z
  .array(
    z.object({
      day: z.string(),
      count: z.number().int(),
      total: z.number().int(),
      commission: z.number().int(),
      failed: z.number().int(),
    }),
  )
  .openapi('OutletDaily');

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
      .openapi({ description: 'Sales total per day in the outlet’s zone; null for the default' }),
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
      request: { query: ListQuery },
      responses: { 200: json(OutletPage, 'A page of outlets with their figures and flags') },
      errors: ['invalid_query'],
    }),
    async (c) => {
      const { sort, ...q } = c.req.valid('query');
      const query = { ...q, ...parseSort(sort) };
      return c.json(await listOutlets(c.get('deps'), c.get('user'), query), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/export.csv',
      tags: ['outlets'],
      summary: 'The outlet list, same filters and order, as CSV (DESIGN 10)',
      access: { roles: ['distributor', 'manager', 'admin'], scope: 'none' },
      request: { query: ListFilters },
      responses: { 200: csv("RFC 4180 with a header row; formula-looking cells prefixed with '") },
      errors: ['invalid_query'],
    }),
    async (c) => {
      const { sort, ...q } = c.req.valid('query');
      const rows = await allOutlets(c.get('deps'), c.get('user'), { ...q, ...parseSort(sort) });
      return csvResponse(outletsCsv(rows), 'outlets.csv');
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
      summary:
        'An outlet’s sales, newest first, by day range (the outlet’s zone) and status; CSV too',
      access: viewers,
      request: { params: idParam, query: SalesQuery },
      responses: {
        200: {
          content: {
            ...json(SalePage, '').content,
            ...csv('').content,
          },
          description: 'A page of sales, or with format=csv all of them (up to 10,000)',
        },
      },
      errors: ['invalid_query'],
    }),
    async (c) => {
      const { limit, cursor, format, ...filter } = c.req.valid('query');
      const id = c.req.valid('param').id;
      const deps = c.get('deps');
      if (format === 'csv') {
        const csvText = await salesCsv(deps, c.get('user'), id, filter);
        return csvResponse(csvText, `sales-${id}.csv`);
      }
      return c.json(await outletSales(deps, c.get('user'), id, limit, cursor, filter), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}/daily',
      tags: ['outlets'],
      summary:
        'An outlet’s sales per day in its zone (its region’s, else TIMEZONE), for the charts',
      access: viewers,
      request: { params: idParam, query: Range },
      responses: {
        200: json(Daily, 'One row per day, from `from` to `to` (default: the last 30 days)'),
      },
      errors: ['invalid_query'],
    }),
    async (c) => {
      const deps = c.get('deps');
      const q = c.req.valid('query');
      const id = c.req.valid('param').id;
      return c.json(await outletDaily(deps, c.get('user'), id, q), 200);
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
