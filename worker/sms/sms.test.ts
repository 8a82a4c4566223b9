import { afterAll, describe, expect, it } from 'vitest';
import { inboundSms, saleIdIn, salesOf, smsTo } from '../../test/channels/support';
import { createHarness } from '../../test/support/harness';
import { newRetailer } from '../../test/support/ledger-world';
import { LIMA, limaRegion } from '../../test/support/lima';
import { checkLedger } from '../ledger/check';
import { parseCommand } from './commands';

/** Issue 10: SMS commands over POST /sms/inbound, replies and receipts by the SMS gateway. */

const h = await createHarness({
  env: { USSD_WAIT_MS: '200', CARRIER_TIMEOUT_MS: '3000', RECONCILE_AFTER_MS: '5000' },
  simulator: { slowMs: 600 },
});
const logs: string[] = [];
const log = console.log;
const error = console.error;
console.log = (...a: unknown[]) => logs.push(a.join(' '));
console.error = (...a: unknown[]) => logs.push(a.join(' '));
afterAll(async () => {
  console.log = log;
  console.error = error;
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});

const SHOP = '+254700000101';
let serial = 0;
async function send(text: string, from = SHOP, id = `ATXid_${++serial}`) {
  const res = await inboundSms(h.app, id, from, text);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('OK');
  await h.settled();
  return (await smsTo(h, from)).at(-1)?.text ?? '';
}

describe('SMS commands', () => {
  it('parse case-insensitively with extra spaces, the number may have spaces', () => {
    expect(parseCommand('  sell   0712 345 678  100.50   1357 ')).toEqual({
      kind: 'sell',
      msisdn: '0712345678',
      amount: '100.50',
      pin: '1357',
    });
    expect(parseCommand('Bal 1357')).toEqual({ kind: 'bal', pin: '1357' });
    expect(parseCommand('comm\t1357')).toEqual({ kind: 'comm', pin: '1357' });
    expect(parseCommand('LAST 1357')).toEqual({ kind: 'last', pin: '1357' });
    expect(parseCommand('help')).toEqual({ kind: 'help' });
    expect(parseCommand('SELL 0712345678 100')).toEqual({ kind: 'help', about: 'sell' });
    expect(parseCommand('BAL')).toEqual({ kind: 'help', about: 'bal' });
    expect(parseCommand('')).toEqual({ kind: 'help' });
    expect(parseCommand('DROP TABLE sales')).toEqual({ kind: 'help' });
  });

  it('BAL answers the balance, COMM today, LAST the last sales', async () => {
    expect(await send('bal 1357')).toMatch(
      /^Available KES [\d,.]+, Held KES [\d,.]+, Commission KES/,
    );
    expect(await send('COMM  1357')).toMatch(/^Today: \d+ sales, Total KES/);
    expect(await send('LAST 1357')).toMatch(/^(Last sales:|No sales yet\.)/);
    expect(await send('HELP')).toMatch(/^Airload SMS: SELL number amount PIN/);
  });

  it('SELL sells on the sms channel with key sms:<id>; the receipt is the answer', async () => {
    const before = (await salesOf(h.database.client, 'u-ret-101')).length;
    const id = `ATXid_sell_${++serial}`;
    const reply = await send('SELL 0712 345 678 250 1357', SHOP, id);
    const sales = await salesOf(h.database.client, 'u-ret-101');
    expect(sales.length).toBe(before + 1);
    const sale = sales.at(-1)!;
    expect(sale).toMatchObject({ channel: 'sms', amount: 25_000, status: 'succeeded' });
    expect(reply).toBe(`Airload: sale ${sale.id} of KES 250.00 to +254712345678: sent.`);
    const key = await h.database.client.execute({
      sql: 'SELECT key FROM idempotency_keys WHERE sale_id = ?',
      args: [sale.id],
    });
    expect(key.rows[0]?.key).toBe(`sms:${id}`);
    expect((await smsTo(h, '+254712345678')).at(-1)?.text).toContain(sale.id);
  });

  it('makes one sale of a message sent twice (the same id), and one receipt each', async () => {
    const id = `ATXid_dup_${++serial}`;
    const before = (await salesOf(h.database.client, 'u-ret-101')).length;
    await send('SELL 0712345678 120 1357', SHOP, id);
    await Promise.all([
      inboundSms(h.app, id, SHOP, 'SELL 0712345678 120 1357'),
      inboundSms(h.app, id, SHOP, 'SELL 0712345678 120 1357'),
    ]);
    await h.settled();
    const sales = await salesOf(h.database.client, 'u-ret-101');
    expect(sales.length).toBe(before + 1);
    const saleId = sales.at(-1)!.id;
    expect((await smsTo(h, SHOP)).filter((m) => m.text.includes(saleId))).toHaveLength(1);
    expect((await smsTo(h, '+254712345678')).filter((m) => m.text.includes(saleId))).toHaveLength(
      1,
    );
  });

  it('says a slow sale is pending, then sends its final status', async () => {
    const phone = '+254700000102';
    const before = (await smsTo(h, phone)).length;
    await send('SELL 0712345904 100 1357', phone);
    const [pending, receipt, ...more] = (await smsTo(h, phone)).slice(before);
    expect(pending?.text).toMatch(/Status: pending.*SMS/);
    const saleId = saleIdIn(pending!.text)!;
    expect(receipt?.text).toBe(`Airload: sale ${saleId} of KES 100.00 to +254712345904: sent.`);
    expect(more).toEqual([]);
  });

  it('answers a malformed command with a short help, and a bad amount with the SELL help', async () => {
    for (const text of ['', 'hello', 'SELL', 'SELL 0712345678 100', 'BAL x', 'sell a b c d'])
      expect((await send(text)).length).toBeLessThanOrEqual(160);
    expect(await send('SELL 0712345678 1.234 1357')).toMatch(/Not a valid amount.*SELL number/);
    expect(await send('BAL')).toBe('Send: BAL PIN');
  });

  it('tells a number that is not an outlet how to register', async () => {
    expect(await send('BAL 1357', '+254711999777')).toMatch(/register/);
  });

  it('shares the lockout with app logins, never echoes or logs the PIN', async () => {
    const phone = '+254700000103';
    for (let i = 0; i < 3; i++) {
      const wrong = await h.call('POST', '/api/v1/auth/login', { body: { phone, pin: '2468' } });
      expect(wrong.status).toBe(401);
    }
    expect(await send('BAL 9753', phone)).toMatch(/^Wrong PIN/);
    const locked = await send('BAL 9753', phone);
    expect(locked).toMatch(/Locked until \d\d:\d\d/);
    expect(
      (await h.call('POST', '/api/v1/auth/login', { body: { phone, pin: '1357' } })).status,
    ).toBe(423);
    expect(await send('BAL 1357', phone)).toMatch(/Locked until/);
    for (const m of await smsTo(h, phone)) expect(m.text).not.toMatch(/9753|1357/);
    expect(logs.join('\n')).not.toMatch(/9753/);
    h.clock.advance(16 * 60_000);
  });

  it("says the lock's end in the outlet's region's zone (issue 11)", async () => {
    await limaRegion(h);
    await newRetailer(h.deps, { id: 'u-lima-sms', regionId: 'r-lima', createdAt: h.clock.now() });
    const { rows } = await h.database.client.execute(
      `SELECT phone FROM users WHERE id = 'u-lima-sms'`,
    );
    const phone = String(rows[0]?.phone);
    for (let i = 0; i < 3; i++) {
      const wrong = await h.call('POST', '/api/v1/auth/login', { body: { phone, pin: '2468' } });
      expect(wrong.status).toBe(401);
    }
    expect(await send('BAL 9753', phone)).toMatch(/^Wrong PIN/);
    const locked = await send('BAL 9753', phone);
    const until = await h.database.client.execute(
      `SELECT locked_until FROM users WHERE id = 'u-lima-sms'`,
    );
    const lima = new Intl.DateTimeFormat('en-GB', {
      timeZone: LIMA,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(Number(until.rows[0]?.locked_until));
    expect(locked).toContain(`Locked until ${lima}`);
    h.clock.advance(16 * 60_000);
  });

  it('records delivery reports against the message they name', async () => {
    await send('HELP');
    const sent = (await smsTo(h, SHOP)).at(-1)!;
    const res = await h.app.request('/sms/delivery', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id: sent.id, status: 'Success', phoneNumber: SHOP }).toString(),
    });
    expect(res.status).toBe(200);
    const row = await h.database.client.execute({
      sql: 'SELECT status FROM sms_messages WHERE provider_id = ?',
      args: [sent.id],
    });
    expect(row.rows[0]?.status).toBe('delivered');
  });
});

describe('receipts', () => {
  it('go to the customer once for an app sale, also when reconciliation settles it too', async () => {
    const token = await h.login(SHOP);
    const res = await h.sell(token, `app-receipt-${++serial}`, {
      msisdn: '0712345902',
      amount: 10_000,
    });
    const sale = (await res.json()) as { id: string; status: string };
    await h.settled();
    h.clock.advance(10_000);
    const runs = await Promise.all([
      h.call('POST', '/api/v1/admin/reconciliation', {
        token: await h.login('admin@demo.airload'),
      }),
      h.call('POST', '/api/v1/admin/reconciliation', {
        token: await h.login('admin@demo.airload'),
      }),
    ]);
    for (const r of runs) expect(r.status).toBe(200);
    await h.settled();
    const rows = await h.database.client.execute({
      sql: 'SELECT audience, status FROM sms_messages WHERE sale_id = ? ORDER BY audience',
      args: [sale.id],
    });
    // An app sale: the customer's receipt only, sent once.
    expect(rows.rows.map((r) => [r.audience, r.status])).toEqual([['customer', 'sent']]);
    expect((await smsTo(h, '+254712345902')).filter((m) => m.text.includes(sale.id))).toHaveLength(
      1,
    );
  });
});
