import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * A local fake of Africa's Talking's messaging API (POST /version1/messaging), for the
 * adapter's tests: checks the apiKey header and the form, keeps what it was asked to
 * send, and answers as the real API does. A number ending in 000 is refused
 * ("InvalidPhoneNumber", status code 403), as the real one refuses a bad number.
 */
export async function startAtSmsFake(apiKey: string) {
  const received: ReceivedSms[] = [];
  const waiting = new Set<(message: ReceivedSms) => void>();
  let serial = 0;
  const app = new Hono().post('/version1/messaging', async (c) => {
    if (c.req.header('apikey') !== apiKey)
      return c.text('The supplied authentication is invalid', 401);
    const form = await c.req.parseBody();
    const to = String(form.to ?? '');
    const message = String(form.message ?? '');
    if (to.endsWith('000'))
      return c.json(
        {
          SMSMessageData: {
            Message: 'Sent to 0/1 Total Cost: 0',
            Recipients: [{ statusCode: 403, number: to, status: 'InvalidPhoneNumber', cost: '0' }],
          },
        },
        201,
      );
    const got: ReceivedSms = {
      username: String(form.username),
      to,
      message,
      ...(form.from ? { from: String(form.from) } : {}),
    };
    received.push(got);
    for (const notify of waiting) notify(got);
    serial += 1;
    return c.json(
      {
        SMSMessageData: {
          Message: 'Sent to 1/1 Total Cost: KES 0.8000',
          Recipients: [
            {
              statusCode: 101,
              number: to,
              status: 'Success',
              cost: 'KES 0.8000',
              messageId: `ATXid_${serial}`,
            },
          ],
        },
      },
      201,
    );
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  /**
   * The first message `match` accepts, received already or when it arrives: a test awaits
   * a receipt sent in a host's background instead of sleeping. Rejects after `timeoutMs`.
   */
  function waitFor(match: (m: ReceivedSms) => boolean, timeoutMs = 20_000) {
    const found = received.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<ReceivedSms>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(notify);
        reject(new Error(`no such SMS after ${timeoutMs} ms; got ${JSON.stringify(received)}`));
      }, timeoutMs);
      const notify = (m: ReceivedSms) => {
        if (!match(m)) return;
        clearTimeout(timer);
        waiting.delete(notify);
        resolve(m);
      };
      waiting.add(notify);
    });
  }
  return {
    url: `http://127.0.0.1:${port}/version1/messaging`,
    received,
    waitFor,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export interface ReceivedSms {
  username: string;
  to: string;
  message: string;
  from?: string;
}

export type AtSmsFake = Awaited<ReturnType<typeof startAtSmsFake>>;
