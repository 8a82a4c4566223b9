import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware';
import { body, json, route, validationHook } from '../http/route';
import { reconcile } from '../sales/reconcile';
import { Amount } from '../sales/schemas';
import { fundWalletByPhone } from './fundings';

const Funding = z
  .object({
    id: z.number().int(),
    phone: z.string(),
    amount: z.number().int(),
    reference: z.string(),
    currency: z.string(),
    created_at: z.string(),
  })
  .openapi('Funding');

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'post',
      path: '/fundings',
      tags: ['admin'],
      summary: 'Fund a wallet (cash deposit, stock purchase); idempotent by reference',
      access: { roles: ['admin'], scope: 'none' },
      replays: true,
      errors: ['invalid_msisdn', 'not_found', 'reference_reused'],
      request: {
        body: body(
          z.strictObject({
            phone: z.string().min(3).max(32),
            amount: Amount,
            reference: z.string().regex(/^[A-Za-z0-9._:/-]{1,128}$/),
          }),
        ),
      },
      responses: {
        201: json(Funding, 'Funded'),
        200: json(Funding, 'Already funded with this reference (Idempotent-Replayed: true)'),
      },
    }),
    async (c) => {
      const result = await fundWalletByPhone(c.get('deps'), c.get('user'), c.req.valid('json'));
      if (result.replayed) {
        c.header('Idempotent-Replayed', 'true');
        return c.json(result.funding, 200);
      }
      return c.json(result.funding, 201);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/reconciliation',
      tags: ['admin'],
      summary: 'Run the reconciliation job now',
      access: { roles: ['admin', 'manager'], scope: 'none' },
      responses: {
        200: json(
          z.object({
            checked: z.number(),
            posted: z.number(),
            voided: z.number(),
            open: z.number(),
            reversed: z.number(),
          }),
          'What this run settled',
        ),
      },
    }),
    async (c) => c.json(await reconcile(c.get('deps')), 200),
  );
