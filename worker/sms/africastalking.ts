import { z } from 'zod';
import { type SmsGateway, SmsSendError } from './gateway';

/**
 * Africa's Talking's messaging API (SMS_PROVIDER=africastalking, DESIGN 6): a form POST
 * with the `apiKey` header; each recipient comes back with a status code (100
 * processed, 101 sent, 102 queued; anything else refused) and the message id that
 * its delivery reports (POST /sms/delivery) name. Tested against ./africastalking-fake.ts.
 */

export const AT_SMS_URL = 'https://api.africastalking.com/version1/messaging';
export const AT_SANDBOX_SMS_URL = 'https://api.sandbox.africastalking.com/version1/messaging';

const Answer = z.object({
  SMSMessageData: z.object({
    Message: z.string().optional(),
    Recipients: z.array(
      z.object({
        statusCode: z.number(),
        number: z.string(),
        status: z.string(),
        messageId: z.string().optional(),
      }),
    ),
  }),
});

const ACCEPTED = new Set([100, 101, 102]);

export interface AtSmsOptions {
  username: string;
  apiKey: string;
  url?: string | undefined;
  from?: string | undefined;
  /** One call's time limit. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class AfricasTalkingSms implements SmsGateway {
  private readonly url: string;

  constructor(private readonly options: AtSmsOptions) {
    this.url = options.url ?? (options.username === 'sandbox' ? AT_SANDBOX_SMS_URL : AT_SMS_URL);
  }

  async send(to: string, text: string): Promise<{ id: string }> {
    const form = new URLSearchParams({ username: this.options.username, to, message: text });
    if (this.options.from) form.set('from', this.options.from);
    const response = await (this.options.fetch ?? fetch)(this.url, {
      method: 'POST',
      headers: {
        apiKey: this.options.apiKey,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    if (!response.ok)
      throw new SmsSendError(`africastalking: HTTP ${response.status} ${body.slice(0, 100)}`);
    const parsed = Answer.safeParse(JSON.parse(body));
    const recipient = parsed.success ? parsed.data.SMSMessageData.Recipients[0] : undefined;
    if (!recipient?.messageId || !ACCEPTED.has(recipient.statusCode))
      throw new SmsSendError(`africastalking: ${recipient?.status ?? 'no recipient'} for ${to}`);
    return { id: recipient.messageId };
  }
}
