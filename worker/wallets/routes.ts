import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Statement as StatementAnswer, Wallet as WalletAnswer } from '../../core/api/wallet';
import type { AppEnv } from '../auth/middleware';
import { json, route, validationHook } from '../http/route';
import { getStatement, getWallet } from './service';

const own = { roles: ['retailer', 'distributor'], scope: 'self' } as const;

export const Wallet = WalletAnswer.openapi('Wallet');

const Statement = StatementAnswer.openapi('Statement');

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
