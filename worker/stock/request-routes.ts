import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  StockRequestList as ListAnswer,
  StockRejectBody as RejectBody,
  StockRequest as RequestAnswer,
  StockRequestBody as RequestBody,
  STOCK_REQUEST_STATUSES,
} from '../../core/api/stock';
import type { AppEnv } from '../auth/middleware';
import type { Caller } from '../caller';
import { body, idParam, json, route, validationHook } from '../http/route';
import { IdempotencyHeaders } from '../sales/schemas';
import { listStockRequests } from './request-view';
import { approveStockRequest, rejectStockRequest, requestStock } from './requests';

const StockRequest = RequestAnswer.openapi('StockRequest');
const StockRequestBody = RequestBody.openapi('StockRequestBody');
const StockRejectBody = RejectBody.openapi('StockRejectBody');
const StockRequestList = ListAnswer.extend({ items: z.array(StockRequest) }).openapi(
  'StockRequestList',
);

const callerOf = (user: AppEnv['Variables']['user']): Caller => ({
  id: user.id,
  role: user.role,
  channel: 'app',
});

/**
 * Stock requests (DESIGN 12, issue 11). Approving many at once is the console calling
 * `/:id/approve` once per request, each with its own stored key: each approval is its own
 * atomic write and its own answer, and stays idempotent on its own.
 */
export const stockRequestRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'post',
      path: '/',
      tags: ['stock'],
      summary: 'Ask the own distributor for stock (one pending request per retailer)',
      access: { roles: ['retailer'], scope: 'self' },
      replays: true,
      errors: [
        'invalid_idempotency_key',
        'no_distributor',
        'stock_request_pending',
        'idempotency_key_reused',
      ],
      request: { headers: IdempotencyHeaders, body: body(StockRequestBody) },
      responses: {
        201: json(StockRequest, 'The request (also a replay, with Idempotent-Replayed: true)'),
      },
    }),
    async (c) => {
      const { 'idempotency-key': key } = c.req.valid('header');
      const deps = c.get('deps');
      const result = await requestStock(deps, callerOf(c.get('user')), key, c.req.valid('json'));
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.request, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['stock'],
      summary: 'Stock requests in scope: own, its retailers’, its region’s, or all',
      access: { roles: ['retailer', 'distributor', 'manager', 'admin'], scope: 'self' },
      request: { query: z.object({ status: z.enum(STOCK_REQUEST_STATUSES).optional() }) },
      responses: { 200: json(StockRequestList, 'Pending oldest first, others newest first') },
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ items: await listStockRequests(c.get('deps'), c.get('user'), status) }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/approve',
      tags: ['stock'],
      summary: 'Approve a request of an own retailer: its stock transfer, in the same write',
      access: { roles: ['distributor'], scope: 'self' },
      replays: true,
      errors: [
        'invalid_idempotency_key',
        'not_found',
        'insufficient_funds',
        'outlet_frozen',
        'stock_request_decided',
        'idempotency_key_reused',
      ],
      request: { params: idParam, headers: IdempotencyHeaders },
      responses: { 200: json(StockRequest, 'Approved (a replay has Idempotent-Replayed: true)') },
    }),
    async (c) => {
      const { 'idempotency-key': key } = c.req.valid('header');
      const caller = callerOf(c.get('user'));
      const result = await approveStockRequest(c.get('deps'), caller, c.req.valid('param').id, key);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.request, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/reject',
      tags: ['stock'],
      summary: 'Reject a request of an own retailer, with a reason the retailer gets by SMS',
      access: { roles: ['distributor'], scope: 'self' },
      errors: ['not_found', 'stock_request_decided'],
      request: { params: idParam, body: body(StockRejectBody) },
      responses: { 200: json(StockRequest, 'Rejected') },
    }),
    async (c) => {
      const caller = callerOf(c.get('user'));
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      return c.json(await rejectStockRequest(c.get('deps'), caller, id, reason), 200);
    },
  );
