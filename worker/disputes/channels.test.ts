import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundSms, path, screen, smsTo, ussd } from '../../test/channels/support';
import { createHarness, type Harness } from '../../test/support/harness';
import { refTail } from '../channel/texts';
import { checkLedger } from '../ledger/check';

/**
 * Issue 12 on the channels of DESIGN 6: USSD menu 5 (PIN -> one of the last 3 sales ->
 * reason) and the SMS command `DISPUTE <ref tail> <reason> <PIN>`, through the same
 * dispute service, key and PIN lockout as the app.
 */

let h: Harness;
let token: string;
const SHOP = '+254700000102';
let serial = 0;

const disputesOf = async (saleId: string) =>
  (
    await h.database.client.execute({
      sql: 'SELECT status, reason, channel, idempotency_key AS key FROM disputes WHERE sale_id = ?',
      args: [saleId],
    })
  ).rows.map((r) => ({ status: r.status, reason: r.reason, channel: r.channel, key: r.key }));

async function sell(msisdn: string) {
  const res = await h.sell(token, `channel-dispute-${++serial}`, { msisdn, amount: 10_000 });
  return ((await res.json()) as { id: string }).id;
}

async function sms(text: string) {
  const res = await inboundSms(h.app, `ATXid_dispute_${++serial}`, SHOP, text);
  expect(res.status).toBe(200);
  await h.settled();
  return (await smsTo(h, SHOP)).at(-1)?.text ?? '';
}

beforeAll(async () => {
  h = await createHarness();
  token = await h.login(SHOP);
});
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});

describe('USSD menu 5', () => {
  it('opens a dispute: PIN, then one of the last 3 sales, then the reason', async () => {
    const older = await sell('0712345601');
    const newest = await sell('0712345602');
    const id = `ATUid_dispute_${++serial}`;
    const screens: string[] = [];
    for (const text of [
      '',
      '5',
      path('5', '1357'),
      path('5', '1357', '2'),
      path('5', '1357', '2', '1'),
    ])
      screens.push(await screen(await ussd(h.app, id, SHOP, text)));
    expect(screens[0]).toMatch(/^CON .*\n5 Dispute a sale/s);
    expect(screens[1]).toBe('CON Enter PIN:\n0 Back');
    expect(screens[2]).toContain(`1) ${refTail(newest)}`);
    expect(screens[2]).toContain(`2) ${refTail(older)}`);
    expect(screens[3]).toMatch(/^CON Reason:\n1 Wrong number/);
    expect(screens[4]).toBe(`END Dispute of sale ${refTail(older)}: open. We reply by SMS.`);
    expect(await disputesOf(older)).toEqual([
      { status: 'open', reason: 'wrong_number', channel: 'ussd', key: `ussd:${id}` },
    ]);
    // A gateway's resend of the last request gets the same screen, and no second dispute.
    const again = await screen(await ussd(h.app, id, SHOP, path('5', '1357', '2', '1')));
    expect(again).toBe(screens[4]);
    expect(await disputesOf(older)).toHaveLength(1);
  });

  it('asks again after a wrong PIN and shows no sale before the right one', async () => {
    await sell('0712345603');
    const id = `ATUid_dispute_${++serial}`;
    await ussd(h.app, id, SHOP, '');
    await ussd(h.app, id, SHOP, '5');
    const wrong = await screen(await ussd(h.app, id, SHOP, path('5', '9999')));
    expect(wrong).toMatch(/^CON Wrong PIN\./);
    expect(wrong).not.toMatch(/1\)/);
    const failed = await h.database.client.execute(
      `SELECT failed_logins FROM users WHERE id = 'u-ret-102'`,
    );
    expect(Number(failed.rows[0]!.failed_logins)).toBe(1);
    const right = await screen(await ussd(h.app, id, SHOP, path('5', '9999', '1357')));
    expect(right).toMatch(/^CON Dispute which sale\?\n1\) /);
  });

  it('ends with the refusal when the sale has an open dispute already', async () => {
    const sale = await sell('0712345604');
    const res = await h.call('POST', `/api/v1/sales/${sale}/disputes`, {
      token,
      body: { reason: 'other' },
      headers: { 'idempotency-key': `app-${++serial}` },
    });
    expect(res.status).toBe(201);
    const id = `ATUid_dispute_${++serial}`;
    for (const text of ['', '5', path('5', '1357'), path('5', '1357', '1')])
      await ussd(h.app, id, SHOP, text);
    const last = await screen(await ussd(h.app, id, SHOP, path('5', '1357', '1', '4')));
    expect(last).toBe('END This sale already has an open dispute.');
    expect(await disputesOf(sale)).toHaveLength(1);
  });
});

describe('SMS DISPUTE', () => {
  it('opens a dispute by the sale’s reference tail and replies with its status', async () => {
    const sale = await sell('0712345605');
    const reply = await sms(`dispute ${refTail(sale).toLowerCase()} notreceived 1357`);
    expect(reply).toBe(`Dispute of sale ${refTail(sale)}: open. We reply by SMS.`);
    expect(await disputesOf(sale)).toEqual([
      expect.objectContaining({ status: 'open', reason: 'not_received', channel: 'sms' }),
    ]);
    expect(await sms(`DISPUTE ${refTail(sale)} OTHER 1357`)).toBe(
      'This sale already has an open dispute.',
    );
  });

  it('answers a malformed command, an unknown reference and a wrong PIN without opening one', async () => {
    const before = await h.count('disputes');
    expect(await sms('DISPUTE')).toMatch(/^Send: DISPUTE ref reason PIN/);
    expect(await sms('DISPUTE ABC123 bored 1357')).toMatch(/^Send: DISPUTE/);
    expect(await sms('DISPUTE 000000 OTHER 1357')).toBe('No such sale.');
    const sale = await sell('0712345606');
    expect(await sms(`DISPUTE ${refTail(sale)} OTHER 9999`)).toMatch(/^Wrong PIN\. Send: DISPUTE/);
    expect(await h.count('disputes')).toBe(before);
  });
});
