import { afterAll, describe, expect, it } from 'vitest';
import {
  path,
  saleIdIn,
  saleSession,
  salesOf,
  screen,
  smsTo,
  ussd,
} from '../../test/channels/support';
import { createHarness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';

/**
 * Issue 10 over HTTP on the Node host, in Africa's Talking's format: a whole sale
 * session, resends, duplicate starts, two requests at once, a slow carrier, the
 * lockout shared with the app, a frozen outlet, an unknown number, expiry, the
 * gateway secret and the body limit.
 */

const h = await createHarness({
  // 904 takes 600 ms: longer than a USSD sale waits, shorter than one carrier call may take.
  env: { USSD_WAIT_MS: '200', CARRIER_TIMEOUT_MS: '3000', RECONCILE_AFTER_MS: '5000' },
  simulator: { slowMs: 600 },
});
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});

const SHOP = '+254700000101';
let serial = 0;
const session = () => `ATUid_test_${++serial}`;

async function sellSession(
  id: string,
  phone: string,
  msisdn: string,
  amount: string,
  pin = '1357',
) {
  const screens: string[] = [];
  for (const text of saleSession(msisdn, amount, pin))
    screens.push(await screen(await ussd(h.app, id, phone, text)));
  return screens;
}

describe('USSD over HTTP', () => {
  it('sells in a whole session: one sale on the ussd channel, in the ledger, with its audit entry', async () => {
    const id = session();
    const before = await salesOf(h.database.client, 'u-ret-101');
    const screens = await sellSession(id, SHOP, '0712345678', '100');
    expect(screens[0]).toMatch(/^CON Airload Demo Shop 101\n1 Sell airtime/);
    expect(screens[3]).toBe(
      'CON Sell KES 100.00 to +254712345678 (Safaricom)?\nEnter PIN to confirm\n0 Cancel',
    );
    expect(screens[4]).toMatch(
      /^END Sale [0-9a-f-]{36}\nKES 100.00 to \+254712345678\nStatus: sent$/,
    );
    const after = await salesOf(h.database.client, 'u-ret-101');
    expect(after.length).toBe(before.length + 1);
    const sale = after.at(-1)!;
    expect(sale).toMatchObject({ channel: 'ussd', amount: 10_000, status: 'succeeded' });
    expect(screens[4]).toContain(sale.id);
    const audit = await h.database.client.execute({
      sql: "SELECT channel, actor_id FROM audit_log WHERE action = 'sale' AND subject = ?",
      args: [sale.id],
    });
    expect(audit.rows[0]).toMatchObject({ channel: 'ussd', actor_id: 'u-ret-101' });
    const key = await h.database.client.execute({
      sql: 'SELECT key FROM idempotency_keys WHERE sale_id = ?',
      args: [sale.id],
    });
    expect(key.rows[0]?.key).toBe(`ussd:${id}`);
    await h.settled();
    expect((await smsTo(h, SHOP)).at(-1)?.text).toContain(sale.id);
    expect((await smsTo(h, '+254712345678')).at(-1)?.text).toContain(sale.id);
  });

  it('answers the same final request again with the same END, and still one sale', async () => {
    const id = session();
    const screens = await sellSession(id, SHOP, '0712345678', '50');
    const count = (await salesOf(h.database.client, 'u-ret-101')).length;
    const again = await screen(await ussd(h.app, id, SHOP, path('1', '0712345678', '50', '1357')));
    expect(again).toBe(screens[4]);
    expect((await salesOf(h.database.client, 'u-ret-101')).length).toBe(count);
  });

  it('answers a duplicate session start with the screen the session is at, never a second sale', async () => {
    const id = session();
    const first = await screen(await ussd(h.app, id, SHOP, ''));
    expect(await screen(await ussd(h.app, id, SHOP, ''))).toBe(first);
    const screens = await sellSession(id, SHOP, '0712345678', '20');
    const count = (await salesOf(h.database.client, 'u-ret-101')).length;
    expect(await screen(await ussd(h.app, id, SHOP, ''))).toBe(screens[4]);
    expect((await salesOf(h.database.client, 'u-ret-101')).length).toBe(count);
  });

  it('takes two requests of one session at once: the same END, one sale', async () => {
    const id = session();
    const final = path('1', '0712345678', '30', '1357');
    for (const text of ['', '1', path('1', '0712345678'), path('1', '0712345678', '30')])
      await screen(await ussd(h.app, id, SHOP, text));
    const count = (await salesOf(h.database.client, 'u-ret-101')).length;
    const [a, b] = await Promise.all([ussd(h.app, id, SHOP, final), ussd(h.app, id, SHOP, final)]);
    expect(await screen(a!)).toBe(await screen(b!));
    expect((await salesOf(h.database.client, 'u-ret-101')).length).toBe(count + 1);
  });

  it('says a slow sale (904) is pending, then sends its final status by SMS', async () => {
    const id = session();
    const screens = await sellSession(id, '+254700000102', '0712345904', '100');
    expect(screens[4]).toMatch(
      /^END Sale [0-9a-f-]{36}\nKES 100.00 to \+254712345904\nStatus: pending\n.*SMS/,
    );
    const saleId = saleIdIn(screens[4]!)!;
    await h.settled();
    const sms = (await smsTo(h, '+254700000102')).filter((m) => m.text.includes(saleId));
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toContain('sent');
  });

  it('keeps a * inside an input as part of it', async () => {
    const id = session();
    await screen(await ussd(h.app, id, SHOP, ''));
    await screen(await ussd(h.app, id, SHOP, '1'));
    const bad = await screen(await ussd(h.app, id, SHOP, path('1', '07*12')));
    expect(bad).toMatch(/^CON Not a valid number/);
    // The next input follows the whole of the one before, * and all.
    expect(await screen(await ussd(h.app, id, SHOP, path('1', '07*12', '0712345678')))).toMatch(
      /^CON Amount/,
    );
  });

  it('tells a number that is not an outlet how to register', async () => {
    expect(await screen(await ussd(h.app, session(), '+254711999888', ''))).toMatch(
      /^END .*register/,
    );
  });

  it('ends an expired session (180 s)', async () => {
    const id = session();
    await screen(await ussd(h.app, id, SHOP, ''));
    h.clock.advance(181_000);
    expect(await screen(await ussd(h.app, id, SHOP, '2'))).toBe('END Session expired. Dial again.');
  });

  it('counts wrong PINs in the lockout the app logins share, and tells until when', async () => {
    const phone = '+254700000103';
    for (let i = 0; i < 5; i++) {
      const id = session();
      await screen(await ussd(h.app, id, phone, ''));
      await screen(await ussd(h.app, id, phone, '2'));
      const s = await screen(await ussd(h.app, id, phone, path('2', '0000')));
      expect(s).toMatch(
        i < 4 ? /^CON Wrong PIN/ : /^END Too many wrong PINs\. Locked until \d\d:\d\d\.$/,
      );
    }
    const login = await h.call('POST', '/api/v1/auth/login', { body: { phone, pin: '1357' } });
    expect(login.status).toBe(423);
    const id = session();
    await screen(await ussd(h.app, id, phone, ''));
    await screen(await ussd(h.app, id, phone, '2'));
    expect(await screen(await ussd(h.app, id, phone, path('2', '1357')))).toMatch(
      /^END .*Locked until/,
    );
    h.clock.advance(16 * 60_000);
  });

  it('shows the balance only after the PIN, and switches the language for the outlet', async () => {
    const id = session();
    await screen(await ussd(h.app, id, SHOP, ''));
    expect(await screen(await ussd(h.app, id, SHOP, '2'))).toBe('CON Enter PIN:\n0 Back');
    expect(await screen(await ussd(h.app, id, SHOP, path('2', '1357')))).toMatch(
      /^END Available KES [\d,.]+\nHeld KES/,
    );
    const other = session();
    await screen(await ussd(h.app, other, SHOP, ''));
    await screen(await ussd(h.app, other, SHOP, '0'));
    expect(await screen(await ussd(h.app, other, SHOP, path('0', '2')))).toMatch(
      /^CON Airload .*\n1 Uza/,
    );
    expect(await screen(await ussd(h.app, session(), SHOP, ''))).toMatch(
      /\n1 Uza muda wa maongezi/,
    );
    const back = session();
    await screen(await ussd(h.app, back, SHOP, ''));
    await screen(await ussd(h.app, back, SHOP, '0'));
    await screen(await ussd(h.app, back, SHOP, path('0', '1')));
  });

  it('refuses a sale of a frozen outlet', async () => {
    const manager = await h.login('manager@demo.airload');
    const freeze = await h.call('POST', '/api/v1/outlets/u-ret-102/freeze', {
      token: manager,
      body: { reason: 'ussd test' },
    });
    expect(freeze.status).toBe(200);
    const screens = await sellSession(session(), '+254700000102', '0712345678', '100');
    expect(screens[4]).toBe('END Not sold: this outlet is frozen.');
    await h.call('POST', '/api/v1/outlets/u-ret-102/unfreeze', {
      token: manager,
      body: { reason: 'done' },
    });
  });
});

describe('gateway callbacks', async () => {
  const guarded = await createHarness({
    env: { GATEWAY_SECRET: 'gateway-secret-123', BODY_LIMIT: '1024' },
  });
  afterAll(() => guarded.close());

  it('answer 401 without ?secret= when GATEWAY_SECRET is set, and 200 with it', async () => {
    for (const query of ['', '?secret=wrong', '?secret=gateway-secret-12'])
      expect((await ussd(guarded.app, 's-1', SHOP, '', query)).status).toBe(401);
    expect((await ussd(guarded.app, 's-1', SHOP, '', '?secret=gateway-secret-123')).status).toBe(
      200,
    );
    const sms = await guarded.app.request('/sms/inbound', { method: 'POST' });
    expect(sms.status).toBe(401);
  });

  it('answer a form over the body limit with a 413 error', async () => {
    const res = await ussd(
      guarded.app,
      's-2',
      SHOP,
      'x'.repeat(2_000),
      '?secret=gateway-secret-123',
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });
});
