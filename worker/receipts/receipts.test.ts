import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { newRetailer } from '../../test/support/ledger-world';
import { limaRegion } from '../../test/support/lima';
import { LoggingSmsGateway } from '../sms/gateway';
import { flushOutbox } from '../sms/outbox';
import { formatMoney } from './service';

let h: Harness;
let sms: LoggingSmsGateway;
let token: string;
let keys = 0;

beforeAll(async () => {
  h = await createHarness();
  sms = new LoggingSmsGateway(() => {});
  h.deps.sms = sms;
  token = await h.login('+254700000101');
});
afterAll(() => h.close());

async function sell(msisdn: string, amount = 10_000) {
  keys += 1;
  const res = await h.sell(token, `receipt-${keys}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; status: string; created_at: string };
}

const sendReceipt = (saleId: string, as = token) =>
  h.call('POST', `/api/v1/sales/${saleId}/receipt-sms`, { token: as });

describe('receipt by SMS', () => {
  it("sends the receipt of a succeeded sale to the customer's number", async () => {
    const sale = await sell('0712345678', 12_345);
    expect(sale.status).toBe('succeeded');
    const res = await sendReceipt(sale.id);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; to: string; text: string };
    expect(body.to).toBe('+254712345678');
    const sent = sms.sent.at(-1)!;
    expect(sent).toEqual({ id: body.id, to: '+254712345678', text: body.text });
    expect(sent.text).toContain('KES 123.45');
    expect(sent.text).toContain(sale.id);
    expect(sent.text.length).toBeLessThanOrEqual(160);
  });

  it('prints the time as the shop reads it in TIMEZONE, not in UTC', async () => {
    const sale = await sell('0712345679');
    const body = (await (await sendReceipt(sale.id)).json()) as { text: string };
    // Nairobi is UTC+3 all year: the clock on the receipt is three hours ahead of UTC.
    const local = new Date(Date.parse(sale.created_at) + 3 * 3_600_000).toISOString();
    expect(body.text).toContain(`on ${local.slice(0, 10)} ${local.slice(11, 16)} GMT+3.`);
    expect(body.text).not.toContain('UTC');
  });

  it("prints the time in the outlet's region's zone where it has one (issue 11)", async () => {
    await limaRegion(h);
    await newRetailer(h.deps, {
      id: 'u-lima-r',
      regionId: 'r-lima',
      createdAt: h.clock.now(),
      funds: 100_000,
    });
    const { rows } = await h.database.client.execute(
      `SELECT phone FROM users WHERE id = 'u-lima-r'`,
    );
    const lima = await h.login(String(rows[0]?.phone), '1357');
    const res = await h.sell(lima, 'receipt-lima', { msisdn: '0712345678', amount: 1_000 });
    const sale = (await res.json()) as { id: string; created_at: string };
    const body = (await (await sendReceipt(sale.id, lima)).json()) as { text: string };
    // Lima is UTC-5 all year.
    const local = new Date(Date.parse(sale.created_at) - 5 * 3_600_000).toISOString();
    expect(body.text).toContain(`on ${local.slice(0, 10)} ${local.slice(11, 16)} GMT-5.`);
    await h.settled();
    await flushOutbox(h.deps); // the receipt the settling write queued, as the outbox sends it
    const queued = await h.database.client.execute({
      sql: `SELECT body FROM sms_messages WHERE sale_id = ? AND audience = 'customer'`,
      args: [sale.id],
    });
    expect(queued.rows.map((r) => String(r.body))).toEqual([expect.stringContaining('GMT-5.')]);
  });

  it('refuses a sale that did not succeed, and sends nothing', async () => {
    const sale = await sell('0712345901');
    expect(sale.status).toBe('failed');
    const before = sms.sent.length;
    const res = await sendReceipt(sale.id);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'receipt_unavailable',
    );
    expect(sms.sent.length).toBe(before);
  });

  it("does not send another retailer's receipt", async () => {
    const sale = await sell('0712345678');
    const other = await h.login('+254700000102');
    const before = sms.sent.length;
    expect((await sendReceipt(sale.id, other)).status).toBe(404);
    expect((await sendReceipt('no-such-sale')).status).toBe(404);
    expect(sms.sent.length).toBe(before);
  });

  it('logs through the simulator when the host set no gateway', async () => {
    const lines: string[] = [];
    const gateway = new LoggingSmsGateway((line) => lines.push(line), 2);
    for (const n of [1, 2, 3]) await gateway.send('+254712345678', `hello ${n}`);
    expect(gateway.sent.map((m) => m.text)).toEqual(['hello 2', 'hello 3']);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('+254712345678');
  });
});

describe('receipt money', () => {
  it('writes minor units exactly in the currency', () => {
    expect(formatMoney(12_345, 'KES')).toBe('KES 123.45');
    expect(formatMoney(500, 'KES')).toBe('KES 5.00');
    expect(formatMoney(123_456_789_012_345, 'KES')).toBe('KES 1,234,567,890,123.45');
    expect(formatMoney(1500, 'UGX')).toBe('UGX 1,500');
  });
});
