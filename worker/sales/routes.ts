import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../auth/middleware';
import { body, idParam, json, pageQuery, route, validationHook } from '../http/route';
import { reverseSale } from './reversal';
import { IdempotencyHeaders, Sale, SalePage, SaleRequest } from './schemas';
import { getSale, listSales, type SaleAnswer, sell } from './service';

const own = { roles: ['retailer'], scope: 'self' } as const;

const answer = (c: Context<AppEnv>, result: SaleAnswer) => {
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return result.sale;
};

export const salesRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'post',
      path: '/',
      tags: ['sales'],
      summary: 'Sell airtime: hold, call the carrier, answer with the sale as it stands',
      access: own,
      replays: true,
      errors: [
        'invalid_idempotency_key',
        'invalid_msisdn',
        'unknown_product',
        'unknown_operator',
        'product_mismatch',
        'insufficient_funds',
        'outlet_frozen',
        'idempotency_in_progress',
        'idempotency_key_reused',
        'amount_out_of_range',
        'daily_limit_exceeded',
      ],
      request: { headers: IdempotencyHeaders, body: body(SaleRequest) },
      responses: { 201: json(Sale, 'The sale (also a replay, with Idempotent-Replayed: true)') },
    }),
    async (c) => {
      const { 'idempotency-key': key } = c.req.valid('header');
      const { id, role } = c.get('user');
      const caller = { id, role, channel: 'app' } as const;
      const result = await sell(c.get('deps'), caller, key, c.req.valid('json'));
      return c.json(answer(c, result), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['sales'],
      summary: 'Own sales, newest first',
      access: own,
      request: { query: pageQuery },
      responses: { 200: json(SalePage, 'A page of sales') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listSales(c.get('deps'), c.get('user').id, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}',
      tags: ['sales'],
      summary: 'One own sale',
      access: own,
      errors: ['not_found'],
      request: { params: idParam },
      responses: { 200: json(Sale, 'The sale') },
    }),
    async (c) =>
      c.json(await getSale(c.get('deps'), c.get('user').id, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/reversal',
      tags: ['sales'],
      summary: 'Reverse a succeeded sale: the carrier first, then new transfers (idempotent)',
      access: own,
      replays: true,
      errors: ['not_found', 'sale_not_reversible', 'reversal_refused', 'carrier_unavailable'],
      request: { params: idParam },
      responses: { 200: json(Sale, 'The reversed sale') },
    }),
    async (c) => {
      const result = await reverseSale(c.get('deps'), c.get('user').id, c.req.valid('param').id);
      return c.json(answer(c, result), 200);
    },
  );
