import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, requireRole } from '../auth/middleware';
import { AppError } from '../errors';
import { jsonBody, query } from '../http/validate';
import { reverseSale } from './reversal';
import { createSale, getSale, listSales, type SaleAnswer } from './service';

/** Amounts are integer minor units; above this no limit could allow them, so they are malformed. */
const HARD_MAX_AMOUNT = 1_000_000_000_000;

export const saleRequestSchema = z.strictObject({
  msisdn: z.string().min(3).max(32),
  amount: z.number().int().positive().max(HARD_MAX_AMOUNT),
  product: z.string().min(1).max(64).optional(),
});

const KEY = /^[A-Za-z0-9._:-]{1,255}$/;

const answer = (c: Context<AppEnv>, result: SaleAnswer, status: 200 | 201) => {
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result.sale, status);
};

export const salesRoutes = new Hono<AppEnv>()
  .use(requireRole('retailer'))
  .post('/', async (c) => {
    const key = c.req.header('idempotency-key');
    if (!key || !KEY.test(key)) {
      throw new AppError(400, 'invalid_idempotency_key', 'Send an Idempotency-Key of 1-255 characters [A-Za-z0-9._:-]');
    }
    const body = await jsonBody(c, saleRequestSchema);
    const result = await createSale(c.get('deps'), c.get('user').id, key, body);
    return answer(c, result, 201);
  })
  .get('/', async (c) => {
    const q = query(
      c,
      z.object({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().max(64).optional(),
      }),
    );
    return c.json(await listSales(c.get('deps'), c.get('user').id, q.limit, q.cursor));
  })
  .get('/:id', async (c) => c.json(await getSale(c.get('deps'), c.get('user').id, c.req.param('id'))))
  .post('/:id/reversal', async (c) =>
    answer(c, await reverseSale(c.get('deps'), c.get('user').id, c.req.param('id')), 200),
  );
