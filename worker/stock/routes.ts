import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  StockTransferList as ListAnswer,
  StockTransfer as TransferAnswer,
} from '../../core/api/stock';
import type { AppEnv } from '../auth/middleware';
import { csvResponse } from '../http/csv';
import { body, csv, json, route, validationHook } from '../http/route';
import { Amount, IdempotencyHeaders } from '../sales/schemas';
import { listTransfers, transferStock, transfersCsv } from './service';

const StockTransferRequest = z
  .strictObject({ retailer_id: z.string().min(1).max(64), amount: Amount })
  .openapi('StockTransferRequest');

const StockTransfer = TransferAnswer.openapi('StockTransfer');

const StockTransferList = ListAnswer.openapi('StockTransferList');
const own = { roles: ['distributor'], scope: 'self' } as const;

export const stockRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
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
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['stock'],
      summary: 'Own stock transfers, newest first, each with its retailer and request',
      access: own,
      responses: { 200: json(StockTransferList, 'The transfers') },
    }),
    async (c) => c.json({ items: await listTransfers(c.get('deps'), c.get('user').id) }, 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/export.csv',
      tags: ['stock'],
      summary: 'Own stock transfers as CSV (issue 11)',
      access: own,
      responses: { 200: csv("RFC 4180 with a header row; formula-looking cells prefixed with '") },
    }),
    async (c) => {
      const rows = await listTransfers(c.get('deps'), c.get('user').id);
      return csvResponse(transfersCsv(rows), 'stock-transfers.csv');
    },
  );
