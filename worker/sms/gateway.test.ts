import { afterAll, describe, expect, it } from 'vitest';
import { path, ussd } from '../../test/channels/support';
import { createHarness } from '../../test/support/harness';
import { AfricasTalkingSms } from './africastalking';
import { startAtSmsFake } from './africastalking-fake';
import { LoggingSmsGateway, type SmsGateway, SmsSendError } from './gateway';
import { smsFromConfig } from './select';

/**
 * One contract for every SmsGateway (STYLE "One contract suite per interface"): the
 * simulator and the Africa's Talking adapter against a local fake of its API.
 */

interface Setup {
  gateway: SmsGateway;
  /** What the provider got, as (to, text). */
  delivered(): { to: string; text: string }[];
}

const fake = await startAtSmsFake('at-test-key');
afterAll(() => fake.close());

const setups: Record<string, () => Setup> = {
  simulator: () => {
    const gateway = new LoggingSmsGateway(
      () => {},
      100,
      (to) => to.endsWith('000'),
    );
    return { gateway, delivered: () => gateway.sent.map(({ to, text }) => ({ to, text })) };
  },
  africastalking: () => {
    const start = fake.received.length;
    const gateway = new AfricasTalkingSms({
      username: 'sandbox',
      apiKey: 'at-test-key',
      url: fake.url,
    });
    return {
      gateway,
      delivered: () => fake.received.slice(start).map((m) => ({ to: m.to, text: m.message })),
    };
  },
};

for (const [name, setup] of Object.entries(setups)) {
  describe(`SmsGateway contract: ${name}`, () => {
    it('sends the text to the number and answers a distinct provider id per message', async () => {
      const s = setup();
      const a = await s.gateway.send('+254712345678', 'Airload: KES 100.00 sent');
      const b = await s.gateway.send('+254700000101', '销售 成功');
      expect(a.id).not.toBe('');
      expect(a.id).not.toBe(b.id);
      expect(s.delivered()).toEqual([
        { to: '+254712345678', text: 'Airload: KES 100.00 sent' },
        { to: '+254700000101', text: '销售 成功' },
      ]);
    });

    it('rejects a message the provider refuses, and delivers nothing', async () => {
      const s = setup();
      await expect(s.gateway.send('+254712345000', 'hello')).rejects.toBeInstanceOf(SmsSendError);
      expect(s.delivered()).toEqual([]);
    });
  });
}

describe("Africa's Talking adapter", () => {
  it('refuses with a wrong API key', async () => {
    const gateway = new AfricasTalkingSms({ username: 'sandbox', apiKey: 'wrong', url: fake.url });
    await expect(gateway.send('+254712345678', 'x')).rejects.toBeInstanceOf(SmsSendError);
  });

  it('sends from the sender id when one is set', async () => {
    const gateway = new AfricasTalkingSms({
      username: 'airload',
      apiKey: 'at-test-key',
      url: fake.url,
      from: 'AIRLOAD',
    });
    await gateway.send('+254712345678', 'x');
    expect(fake.received.at(-1)).toMatchObject({ username: 'airload', from: 'AIRLOAD' });
  });
});

describe('SMS_PROVIDER=africastalking in the app', () => {
  it("sends a USSD sale's receipts through the adapter and records their delivery reports", async () => {
    const h = await createHarness();
    h.deps.sms = smsFromConfig({
      ...h.config,
      SMS_PROVIDER: 'africastalking',
      AT_USERNAME: 'airload',
      AT_API_KEY: 'at-test-key',
      AT_SMS_URL: fake.url,
    });
    const start = fake.received.length;
    const id = 'ATUid_provider';
    for (const text of [
      '',
      '1',
      path('1', '0712345678'),
      path('1', '0712345678', '100'),
      path('1', '0712345678', '100', '1357'),
    ])
      expect((await ussd(h, id, '+254700000101', text)).status).toBe(200);
    await h.settled();
    const sent = fake.received.slice(start);
    expect(sent.map((m) => m.to).sort()).toEqual(['+254700000101', '+254712345678']);
    const rows = await h.database.client.execute(
      "SELECT provider_id FROM sms_messages WHERE status = 'sent'",
    );
    const providerId = String(rows.rows[0]!.provider_id);
    expect(providerId).toMatch(/^ATXid_/);
    const report = await h.app.request('/sms/delivery', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        id: providerId,
        status: 'Failed',
        failureReason: 'AbsentSubscriber',
      }).toString(),
    });
    expect(report.status).toBe(200);
    const after = await h.database.client.execute({
      sql: 'SELECT status, failure FROM sms_messages WHERE provider_id = ?',
      args: [providerId],
    });
    expect(after.rows[0]).toMatchObject({ status: 'failed', failure: 'AbsentSubscriber' });
    await h.close();
  });
});

describe('the SMS simulator', () => {
  it('never gives a restarted host the ids it gave before (provider_id is unique)', async () => {
    const before = new LoggingSmsGateway(() => {});
    const after = new LoggingSmsGateway(() => {});
    const a = await before.send('+254712345678', 'one');
    const b = await after.send('+254712345678', 'one');
    expect(a.id).not.toBe(b.id);
  });
});
