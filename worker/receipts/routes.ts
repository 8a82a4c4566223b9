import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware';
import { idParam, json, route, validationHook } from '../http/route';
import { sendReceiptSms } from './service';

/** Mounted at /api/v1/sales beside the sales routes. */
export const receiptRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route({
    method: 'post',
    path: '/{id}/receipt-sms',
    tags: ['sales'],
    summary: 'Send the receipt of an own succeeded sale by SMS to the number that got the airtime',
    access: { roles: ['retailer'], scope: 'self' },
    errors: ['not_found', 'receipt_unavailable'],
    request: { params: idParam },
    responses: {
      200: json(z.object({ id: z.string(), to: z.string(), text: z.string() }), 'The message sent'),
    },
  }),
  async (c) =>
    c.json(await sendReceiptSms(c.get('deps'), c.get('user').id, c.req.valid('param').id), 200),
);
