import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware';
import { body, json, route, validationHook } from '../http/route';
import { Amount, IdempotencyHeaders } from '../sales/schemas';
import { transferStock } from './service';

const StockTransferRequest = z
  .strictObject({ retailer_id: z.string().min(1).max(64), amount: Amount })
  .openapi('StockTransferRequest');

const StockTransfer = z
  .object({
    id: z.number().int(),
    retailer_id: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    created_at: z.string(),
  })
  .openapi('StockTransfer');

export const stockRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route({
    method: 'post',
    path: '/',
    tags: ['stock'],
    summary: 'Move stock from the own wallet to a retailer under this distributor',
    access: { roles: ['distributor'], scope: 'self' },
    replays: true,
    errors: [
      'invalid_idempotency_key',
      'not_found',
      'insufficient_funds',
      'outlet_frozen',
      'idempotency_key_reused',
    ],
    request: { headers: IdempotencyHeaders, body: body(StockTransferRequest) },
    responses: {
      201: json(StockTransfer, 'Moved'),
      200: json(StockTransfer, 'Already moved with this key (Idempotent-Replayed: true)'),
    },
  }),
  async (c) => {
    const { 'idempotency-key': key } = c.req.valid('header');
    const result = await transferStock(c.get('deps'), c.get('user'), key, c.req.valid('json'));
    if (result.replayed) {
      c.header('Idempotent-Replayed', 'true');
      return c.json(result.transfer, 200);
    }
    return c.json(result.transfer, 201);
  },
);
