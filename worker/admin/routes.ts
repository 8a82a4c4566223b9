import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, requireRole } from '../auth/middleware';
import { jsonBody } from '../http/validate';
import { reconcile } from '../sales/reconcile';
import { fundWalletByPhone } from './fundings';

export const adminRoutes = new Hono<AppEnv>()
  .post('/fundings', requireRole('admin'), async (c) => {
    const body = await jsonBody(
      c,
      z.strictObject({
        phone: z.string().min(3).max(32),
        amount: z.number().int().positive().max(1_000_000_000_000),
        reference: z.string().regex(/^[A-Za-z0-9._:\/-]{1,128}$/),
      }),
    );
    const result = await fundWalletByPhone(c.get('deps'), body);
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.funding, result.replayed ? 200 : 201);
  })
  .post('/reconciliation', requireRole('admin', 'manager'), async (c) =>
    c.json(await reconcile(c.get('deps'))),
  );
