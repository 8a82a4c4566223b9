import { afterAll, describe, expect, it } from 'vitest';
import { inboundSms, path, screen, smsTo, ussd } from '../../test/channels/support';
import { createHarness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';

/**
 * DESIGN 6 menu 6 and `STOCK <amount> <PIN>` (issue 11): the same stock-request service
 * as the app, the channel's key (`ussd:<sessionId>`, `sms:<id>`), the same PIN lockout,
 * and the SMS the retailer gets when its distributor answers.
 */

const h = await createHarness();
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});

const USSD_SHOP = '+254700000101';
const SMS_SHOP = '+254700000102';

async function requestsOf(retailerId: string) {
  const { rows } = await h.database.client.execute({
    sql: 'SELECT id, amount, status, channel, idempotency_key FROM stock_requests WHERE retailer_id = ? ORDER BY created_at',
    args: [retailerId],
  });
  return rows.map((r) => ({ ...r }));
}

const failedLogins = async (id: string) =>
  Number(
    (
      await h.database.client.execute({
        sql: 'SELECT failed_logins FROM users WHERE id = ?',
        args: [id],
      })
    ).rows[0]!.failed_logins,
  );

async function session(id: string, inputs: string[], phone = USSD_SHOP) {
  const screens: string[] = [];
  for (let i = 0; i <= inputs.length; i++)
    screens.push(await screen(await ussd(h.app, id, phone, path(...inputs.slice(0, i)))));
  return screens;
}

let sms = 0;
async function text(body: string, id = `ATXid_stock_${++sms}`) {
  const res = await inboundSms(h.app, id, SMS_SHOP, body);
  expect(res.status).toBe(200);
  await h.settled();
  return (await smsTo(h, SMS_SHOP)).at(-1)?.text ?? '';
}

describe('USSD menu 6', () => {
  it('asks the distributor for stock: amount in major units, PIN, one request for a resend', async () => {
    const screens = await session('ATUid_stock_1', ['6', '2500', '1357']);
    expect(screens[0]).toContain('6 Request stock');
    expect(screens[1]).toBe('CON Stock amount in KES:\n0 Cancel');
    expect(screens[2]).toBe(
      'CON Ask your distributor for KES 2,500.00?\nEnter PIN to confirm\n0 Cancel',
    );
    expect(screens[3]).toMatch(/^END Stock request [0-9A-F]{6} for KES 2,500.00 sent\./);
    const resend = await screen(await ussd(h.app, 'ATUid_stock_1', USSD_SHOP, '6*2500*1357'));
    expect(resend).toBe(screens[3]);
    expect(await requestsOf('u-ret-101')).toEqual([
      expect.objectContaining({
        amount: 250_000,
        status: 'pending',
        channel: 'ussd',
        idempotency_key: 'ussd:ATUid_stock_1',
      }),
    ]);
  });

  it('says a request is already waiting, and a wrong PIN counts toward the lockout', async () => {
    const screens = await session('ATUid_stock_2', ['6', '100', '1357']);
    expect(screens[3]).toBe('END You already have a stock request waiting for an answer.');
    const before = await failedLogins('u-ret-101');
    const wrong = await session('ATUid_stock_3', ['6', '100', '9999']);
    expect(wrong[3]).toMatch(/^CON Wrong PIN\.\nEnter PIN:\n0 Cancel$/);
    expect(await failedLogins('u-ret-101')).toBe(before + 1);
    expect(await requestsOf('u-ret-101')).toHaveLength(1);
  });

  it('the retailer gets an SMS when its distributor approves', async () => {
    const [request] = await requestsOf('u-ret-101');
    const res = await h.call('POST', `/api/v1/stock-requests/${request!.id}/approve`, {
      token: await h.login('+254700000201'),
      headers: { 'idempotency-key': 'approve-ussd' },
    });
    expect(res.status).toBe(200);
    await h.settled();
    expect((await smsTo(h, USSD_SHOP)).at(-1)?.text).toMatch(
      /^Airload: stock request [0-9A-F]{6} for KES 2,500.00 approved\./,
    );
  });
});

describe('SMS STOCK', () => {
  it('asks for stock with STOCK <amount> <PIN>; a resend of the message asks once', async () => {
    const reply = await text('stock 1500.50 1357', 'ATXid_stock_same');
    expect(reply).toMatch(/^Stock request [0-9A-F]{6} for KES 1,500.50 sent\./);
    await text('stock 1500.50 1357', 'ATXid_stock_same');
    expect(await requestsOf('u-ret-102')).toEqual([
      expect.objectContaining({
        amount: 150_050,
        channel: 'sms',
        idempotency_key: 'sms:ATXid_stock_same',
      }),
    ]);
    expect(await text('STOCK 20 1357')).toBe(
      'You already have a stock request waiting for an answer.',
    );
  });

  it('answers a malformed command or a wrong PIN with the STOCK help, asking nothing', async () => {
    expect(await text('STOCK 20')).toBe('Send: STOCK amount PIN, e.g. STOCK 5000 1234');
    expect(await text('STOCK abc 1357')).toMatch(/^Not a valid amount\. .*Send: STOCK amount PIN/);
    const before = await failedLogins('u-ret-102');
    expect(await text('STOCK 20 9999')).toBe(
      'Wrong PIN. Send: STOCK amount PIN, e.g. STOCK 5000 1234',
    );
    expect(await failedLogins('u-ret-102')).toBe(before + 1);
    expect(await requestsOf('u-ret-102')).toHaveLength(1);
  });

  it('the retailer gets the reason by SMS when its distributor rejects', async () => {
    const [request] = await requestsOf('u-ret-102');
    const res = await h.call('POST', `/api/v1/stock-requests/${request!.id}/reject`, {
      token: await h.login('+254700000201'),
      body: { reason: 'Settle last week first' },
    });
    expect(res.status).toBe(200);
    await h.settled();
    expect((await smsTo(h, SMS_SHOP)).at(-1)?.text).toMatch(
      /^Airload: stock request [0-9A-F]{6} for KES 1,500.50 rejected: Settle last week first$/,
    );
  });
});
