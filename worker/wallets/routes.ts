import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Wallet as WalletAnswer } from '../../core/api/wallet';
import type { AppEnv } from '../auth/middleware';
import { json, route, validationHook } from '../http/route';
import { getStatement, getWallet } from './service';

const own = { roles: ['retailer', 'distributor'], scope: 'self' } as const;

export const Wallet = WalletAnswer.openapi('Wallet');

const StatementLine = z.object({
  id: z.number().int(),
  kind: z.string(),
  amount: z.number().int(),
  available_change: z.number().int(),
  reference: z.string().nullable(),
  created_at: z.string(),
  sale: z
    .object({
      id: z.string(),
      msisdn: z.string(),
      status: z.string(),
      commission: z.number().int(),
    })
    .nullable(),
});

const Statement = z
  .object({ items: z.array(StatementLine), next_cursor: z.number().int().nullable() })
  .openapi('Statement');

export const walletRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['wallet'],
      summary: 'Own wallet: available, held, commission',
      access: own,
      responses: { 200: json(Wallet, 'The wallet') },
    }),
    async (c) => c.json(await getWallet(c.get('deps'), c.get('user').id), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/statement',
      tags: ['wallet'],
      summary: 'Own wallet’s transfers, newest first, each with its sale and commission',
      access: own,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.coerce.number().int().positive().optional(),
        }),
      },
      responses: { 200: json(Statement, 'A page of the statement') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await getStatement(c.get('deps'), c.get('user').id, q.limit, q.cursor), 200);
    },
  );
