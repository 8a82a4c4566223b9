import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware';
import { gatewayGuard, plainText } from '../channel/guard';
import { route, validationHook } from '../http/route';
import { AtUssdForm, africasTalkingUssd } from './africastalking';
import { handleUssd } from './service';

/** POST /ussd (DESIGN 6): Africa's Talking's callback; other gateways are one adapter each. */
const guarded = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
guarded.use('*', gatewayGuard);

export const ussdRoutes = guarded.openapi(
  route({
    method: 'post',
    path: '/',
    tags: ['channels'],
    summary:
      "USSD callback (Africa's Talking form): the menu's next screen, CON or END, at most 182 characters",
    access: { roles: 'public', scope: 'none' },
    errors: ['gateway_unauthorized'],
    request: {
      body: {
        content: { 'application/x-www-form-urlencoded': { schema: AtUssdForm } },
        required: true,
      },
    },
    responses: { 200: plainText('`CON <screen>` (waits for input) or `END <screen>`') },
  }),
  async (c) => {
    const request = africasTalkingUssd.request(c.req.valid('form'));
    const reply = await handleUssd(c.get('deps'), request);
    return c.text(africasTalkingUssd.reply(reply), 200);
  },
);
