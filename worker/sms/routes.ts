import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware';
import { gatewayGuard, plainText } from '../channel/guard';
import { route, validationHook } from '../http/route';
import { handleInboundSms } from './inbound';
import { recordDelivery } from './outbox';

const gatewayId = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);

/** Africa's Talking's incoming-SMS callback (DESIGN 6). */
const InboundForm = z
  .object({
    from: z.string().min(1).max(32).openapi({ example: '+254700000101' }),
    to: z.string().max(32).optional(),
    text: z.string().max(1_000).default(''),
    date: z.string().max(64).optional(),
    id: gatewayId,
    linkId: z.string().max(200).optional(),
    networkCode: z.string().max(32).optional(),
  })
  .openapi('AfricasTalkingInboundSms');

/** Africa's Talking's delivery report. */
const DeliveryForm = z
  .object({
    id: gatewayId,
    status: z.string().min(1).max(32),
    phoneNumber: z.string().max(32).optional(),
    networkCode: z.string().max(32).optional(),
    failureReason: z.string().max(200).optional(),
    retryCount: z.string().max(8).optional(),
  })
  .openapi('AfricasTalkingDeliveryReport');

const form = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/x-www-form-urlencoded': { schema } },
  required: true,
});
const gateway = { roles: 'public', scope: 'none' } as const;

const guarded = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
guarded.use('*', gatewayGuard);

export const smsRoutes = guarded
  .openapi(
    route({
      method: 'post',
      path: '/inbound',
      tags: ['channels'],
      summary:
        "Incoming SMS command (Africa's Talking form): SELL, BAL, COMM, LAST, HELP; the reply goes by SMS",
      access: gateway,
      errors: ['gateway_unauthorized'],
      request: { body: form(InboundForm) },
      responses: { 200: plainText('Always `OK`, whatever the command: the answer is an SMS') },
    }),
    async (c) => {
      const sms = c.req.valid('form');
      try {
        await handleInboundSms(c.get('deps'), sms);
      } catch (error) {
        // Never the message text: it holds the PIN.
        console.error('sms command failed', sms.id, error instanceof Error ? error.name : 'error');
      }
      return c.text('OK', 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/delivery',
      tags: ['channels'],
      summary: "Delivery report of an outgoing SMS (Africa's Talking form)",
      access: gateway,
      errors: ['gateway_unauthorized'],
      request: { body: form(DeliveryForm) },
      responses: { 200: plainText('Always `OK`') },
    }),
    async (c) => {
      await recordDelivery(c.get('deps'), c.req.valid('form'));
      return c.text('OK', 200);
    },
  );
