import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHarness } from '../../test/support/harness';
import type { UssdAdapter } from './gateway';
import type { Reply } from './screen';
import { handleUssd } from './service';

/**
 * Issue 10: a second gateway is one file. A minimal Hubtel-style adapter (JSON, only
 * the latest input, Type Initiation/Response, answers Response/Release) drives the
 * same service the Africa's Talking route does, and sells.
 */

const HubtelBody = z.object({
  SessionId: z.string(),
  Mobile: z.string(),
  Type: z.enum(['Initiation', 'Response']),
  Message: z.string(),
  Operator: z.string().default(''),
});

const hubtel: UssdAdapter<z.infer<typeof HubtelBody>, { Type: string; Message: string }> = {
  name: 'hubtel',
  request: (b) => ({
    gateway: 'hubtel',
    sessionId: b.SessionId,
    msisdn: b.Mobile,
    network: b.Operator,
    input: b.Type === 'Initiation' ? '' : b.Message,
    isNew: b.Type === 'Initiation',
  }),
  reply: (r: Reply) => ({ Type: r.end ? 'Release' : 'Response', Message: r.text }),
};

const h = await createHarness();
afterAll(() => h.close());
const gateway = new Hono().post('/hubtel', async (c) => {
  const body = HubtelBody.parse(await c.req.json());
  return c.json(hubtel.reply(await handleUssd(h.deps, hubtel.request(body))));
});

describe('a second USSD gateway', () => {
  it('sells through the same menu with only the latest input each time', async () => {
    const send = async (Type: 'Initiation' | 'Response', Message: string) => {
      const res = await gateway.request('/hubtel', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ SessionId: 'hub-1', Mobile: '+254700000101', Type, Message }),
      });
      return (await res.json()) as { Type: string; Message: string };
    };
    expect((await send('Initiation', '*714#')).Message).toMatch(/^Airload .*\n1 Sell airtime/);
    await send('Response', '1');
    await send('Response', '0712345678');
    expect((await send('Response', '100')).Message).toContain('Sell KES 100.00');
    const done = await send('Response', '1357');
    expect(done.Type).toBe('Release');
    expect(done.Message).toMatch(/^Sale [0-9a-f-]{36}\n.*\nStatus: sent$/);
    const key = await h.database.client.execute(
      "SELECT key FROM idempotency_keys WHERE key = 'ussd:hub-1'",
    );
    expect(key.rows).toHaveLength(1);
  });
});
