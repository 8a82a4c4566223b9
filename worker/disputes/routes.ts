import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  Dispute as DisputeAnswer,
  DisputeNoteRequest,
  DisputePage as DisputePageAnswer,
  DisputeQuery,
  DisputeRequest,
  ResolveRequest,
} from '../../core/api/disputes';
import type { AppEnv } from '../auth/middleware';
import type { Caller } from '../caller';
import { body, idParam, json, route, validationHook } from '../http/route';
import { IdempotencyHeaders } from '../sales/schemas';
import { investigateDispute, resolveDispute, withdrawDispute } from './resolve';
import { getDispute, listDisputes, openDispute } from './service';

// The shapes are core/api's (one source with the web apps); here they get names.
const Dispute = DisputeAnswer.openapi('Dispute');
const DisputePage = DisputePageAnswer.extend({ items: z.array(Dispute) }).openapi('DisputePage');

const shop = { roles: ['retailer'], scope: 'none' } as const;
const staff = { roles: ['manager', 'admin'], scope: 'none' } as const;
/** Scope is the dispute's outlet, checked by the service (worker/disputes/service.ts disputeInScope). */
const everyone = { roles: ['retailer', 'distributor', 'manager', 'admin'], scope: 'none' } as const;

const callerOf = (user: { id: string; role: Caller['role'] }): Caller => ({
  id: user.id,
  role: user.role,
  channel: 'app',
});

/** POST /api/v1/sales/:id/disputes, mounted under /api/v1/sales. */
export const saleDisputeRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route({
    method: 'post',
    path: '/{id}/disputes',
    tags: ['disputes'],
    summary:
      'Dispute an own settled sale (idempotent, like a sale): the carrier’s status is attached as evidence; not_received on a sale the carrier never credited is refunded at once',
    access: shop,
    replays: true,
    errors: [
      'invalid_idempotency_key',
      'idempotency_key_reused',
      'not_found',
      'dispute_open',
      'sale_not_disputable',
    ],
    request: { params: idParam, headers: IdempotencyHeaders, body: body(DisputeRequest) },
    responses: {
      201: json(
        Dispute,
        'The dispute (also a replay, as it now stands, with Idempotent-Replayed: true)',
      ),
    },
  }),
  async (c) => {
    const { 'idempotency-key': key } = c.req.valid('header');
    const result = await openDispute(
      c.get('deps'),
      callerOf(c.get('user')),
      c.req.valid('param').id,
      key,
      c.req.valid('json'),
    );
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.dispute, 201);
  },
);

/** /api/v1/disputes (DESIGN 11). */
export const disputeRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['disputes'],
      summary:
        'Disputes in scope (retailer: own; distributor: its retailers; manager: its region; admin: all), open ones first, overdue first',
      access: everyone,
      request: { query: DisputeQuery },
      responses: { 200: json(DisputePage, 'A page of disputes') },
    }),
    async (c) =>
      c.json(await listDisputes(c.get('deps'), c.get('user'), c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}',
      tags: ['disputes'],
      summary: 'One dispute in scope, with its evidence and history',
      access: everyone,
      errors: ['not_found'],
      request: { params: idParam },
      responses: { 200: json(Dispute, 'The dispute') },
    }),
    async (c) =>
      c.json(await getDispute(c.get('deps'), c.get('user'), c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/resolve',
      tags: ['disputes'],
      summary:
        'Refund or reject (the manager of the outlet’s region, an admin), with a note: a refund comes from the carrier’s reversal when the carrier reverses, else from dispute_losses; new transfers only',
      access: staff,
      errors: ['not_found', 'dispute_closed', 'sale_pending', 'carrier_unavailable'],
      request: { params: idParam, body: body(ResolveRequest) },
      responses: { 200: json(Dispute, 'The resolved dispute') },
    }),
    async (c) =>
      c.json(
        await resolveDispute(
          c.get('deps'),
          callerOf(c.get('user')),
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/investigate',
      tags: ['disputes'],
      summary:
        'A manager or admin picks the dispute up: open -> investigating (explicit, not on viewing: a read never writes); again is a no-op',
      access: staff,
      errors: ['not_found', 'dispute_closed'],
      request: { params: idParam, body: body(DisputeNoteRequest) },
      responses: { 200: json(Dispute, 'The dispute, investigating') },
    }),
    async (c) =>
      c.json(
        await investigateDispute(
          c.get('deps'),
          callerOf(c.get('user')),
          c.req.valid('param').id,
          c.req.valid('json').note,
        ),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/withdraw',
      tags: ['disputes'],
      summary: 'The shop withdraws its own open dispute',
      access: shop,
      errors: ['not_found', 'dispute_closed'],
      request: { params: idParam, body: body(DisputeNoteRequest) },
      responses: { 200: json(Dispute, 'The withdrawn dispute') },
    }),
    async (c) =>
      c.json(
        await withdrawDispute(
          c.get('deps'),
          callerOf(c.get('user')),
          c.req.valid('param').id,
          c.req.valid('json').note,
        ),
        200,
      ),
  );
