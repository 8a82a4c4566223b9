import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, requireRole } from '../auth/middleware';
import { query } from '../http/validate';
import { getStatement, getWallet } from './service';

export const walletRoutes = new Hono<AppEnv>()
  .use(requireRole('retailer', 'distributor'))
  .get('/', async (c) => c.json(await getWallet(c.get('deps'), c.get('user').id)))
  .get('/statement', async (c) => {
    const q = query(
      c,
      z.object({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.coerce.number().int().positive().optional(),
      }),
    );
    return c.json(await getStatement(c.get('deps'), c.get('user').id, q.limit, q.cursor));
  });
