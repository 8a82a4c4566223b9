import { Hono } from 'hono';
import { type AppEnv, requireRole } from '../auth/middleware';
import { sendReceiptSms } from './service';

/** Mounted at /api/v1/sales beside the sales routes. */
export const receiptRoutes = new Hono<AppEnv>().post(
  '/:id/receipt-sms',
  requireRole('retailer'),
  async (c) => c.json(await sendReceiptSms(c.get('deps'), c.get('user').id, c.req.param('id'))),
);
