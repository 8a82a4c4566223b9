import { z } from '@hono/zod-openapi';
import type { UssdAdapter } from './gateway';
import { render } from './screen';

/**
 * Africa's Talking USSD callbacks (DESIGN 6): a form with `sessionId`, `serviceCode`,
 * `phoneNumber`, `networkCode` and `text` (`""` first, then every input joined by `*`);
 * the answer is `text/plain`, `CON ...` to wait for input or `END ...`.
 */
export const AtUssdForm = z
  .object({
    sessionId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,200}$/)
      .openapi({ example: 'ATUid_7a9c3e' }),
    serviceCode: z.string().max(64).optional(),
    phoneNumber: z.string().min(1).max(32).openapi({ example: '+254700000101' }),
    networkCode: z.string().max(32).optional(),
    text: z.string().max(1_000).default(''),
  })
  .openapi('AfricasTalkingUssd');

export const africasTalkingUssd: UssdAdapter<z.infer<typeof AtUssdForm>, string> = {
  name: 'africastalking',
  request: (form) => ({
    gateway: 'africastalking',
    sessionId: form.sessionId,
    msisdn: form.phoneNumber,
    network: form.networkCode ?? '',
    input: form.text.slice(form.text.lastIndexOf('*') + 1),
    isNew: form.text === '',
    path: form.text,
  }),
  reply: render,
};
