import { Hono } from 'hono';
import type { AppEnv } from '../auth/middleware';
import { parseMsisdn } from '../sales/phone';
import { LoggingSmsGateway, smsGatewayOf } from '../sms/gateway';
import { PHONE_CSS, PHONE_HTML, PHONE_JS } from './phone';

/**
 * Demo-only routes (mounted when SEED_DEMO is on, DESIGN 6): the phone page and what
 * the SMS simulator sent to one number (`?to=`, so one outlet sees its own messages).
 */
export const devRoutes = new Hono<AppEnv>()
  .get('/ussd', (c) => c.html(PHONE_HTML))
  .get('/ussd.js', (c) =>
    c.body(PHONE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  )
  .get('/ussd.css', (c) => c.body(PHONE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
  .get('/sms', (c) => {
    const gateway = smsGatewayOf(c.get('deps'));
    const sent = gateway instanceof LoggingSmsGateway ? gateway.sent : [];
    let to: string | undefined;
    try {
      to = parseMsisdn(c.req.query('to') ?? '', c.get('deps').config.DEFAULT_COUNTRY).e164;
    } catch {
      to = undefined;
    }
    return c.json({ messages: to ? sent.filter((m) => m.to === to) : [] }, 200);
  });
