import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware';
import { body, idParam, json, route, validationHook } from '../http/route';
import { IdempotencyHeaders } from '../sales/schemas';
import { VisitAnswer, VisitPage, VisitParams, VisitQuery, VisitRequest } from './schemas';
import { listVisits, recordVisit, visitPhoto } from './service';

/** A manager visits the outlets of its region (DESIGN 10); an admin may record one anywhere. */
const visitors = { roles: ['manager', 'admin'], scope: 'target' } as const;
const viewers = { roles: ['distributor', 'manager', 'admin'], scope: 'target' } as const;

/** POST /api/v1/outlets/:id/visits, the one route with a larger body limit (VISIT_BODY_LIMIT). */
export const VISIT_POST_PATH = /^\/api\/v1\/outlets\/[^/]+\/visits$/;

/** Mounted under /api/v1/outlets beside worker/outlets/routes.ts. */
export const visitRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'post',
      path: '/{id}/visits',
      tags: ['visits'],
      summary: 'Record a visit where the manager stands (idempotent, like a sale)',
      access: visitors,
      errors: [
        'invalid_idempotency_key',
        'invalid_photo',
        'invalid_visit_time',
        'idempotency_key_reused',
        'not_found',
        'body_too_large',
      ],
      request: { params: idParam, headers: IdempotencyHeaders, body: body(VisitRequest) },
      responses: {
        201: json(VisitAnswer, 'The visit (also a replay, with Idempotent-Replayed: true)'),
      },
    }),
    async (c) => {
      const { 'idempotency-key': key } = c.req.valid('header');
      const user = c.get('user');
      const result = await recordVisit(
        c.get('deps'),
        { id: user.id, role: user.role },
        c.req.valid('param').id,
        key,
        c.req.valid('json'),
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.visit, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}/visits',
      tags: ['visits'],
      summary: 'The outlet’s visits, newest first, without the photos (has_photo)',
      access: viewers,
      errors: ['not_found'],
      request: { params: idParam, query: VisitQuery },
      responses: { 200: json(VisitPage, 'A page of visits') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listVisits(c.get('deps'), c.req.valid('param').id, q.limit, q.cursor);
      return c.json(page, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{id}/visits/{visitId}/photo',
      tags: ['visits'],
      summary: 'The photo of a visit',
      access: viewers,
      errors: ['not_found'],
      request: { params: VisitParams },
      responses: {
        200: {
          content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
          description: 'The JPEG',
        },
      },
    }),
    async (c) => {
      const { id, visitId } = c.req.valid('param');
      const bytes = await visitPhoto(c.get('deps'), id, visitId);
      return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
        'content-type': 'image/jpeg',
        'cache-control': 'private, max-age=86400',
      });
    },
  );
