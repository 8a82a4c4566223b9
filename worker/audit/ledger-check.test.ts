import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { CarrierTimeoutError } from '../carrier/gateway';
import { HttpCarrierGateway } from '../carrier/http';
import { walletAccountId } from '../ledger/accounts';

/**
 * GET /api/v1/audit/ledger-check (issue 6): the ledger checker as an admin route, with
 * the carrier's own record from the gateway. Each test breaks its own fresh database.
 */

interface LedgerCheck {
  ok: boolean;
  violations: string[];
  carrier_compared: boolean;
}

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

async function check(who = 'admin@demo.airload'): Promise<LedgerCheck> {
  const res = await h.call('GET', '/api/v1/audit/ledger-check', { token: await h.login(who) });
  expect(res.status).toBe(200);
  return (await res.json()) as LedgerCheck;
}

/** Two settled sales, one succeeded and one declined (901), so the carrier has a record. */
async function sellTwo(): Promise<string> {
  const token = await h.login('+254700000101');
  const sold = await h.sell(token, 'check-1', { msisdn: '0712345678', amount: 10_000 });
  await h.sell(token, 'check-2', { msisdn: '0712345901', amount: 20_000 });
  await h.settled();
  const sale = (await sold.json()) as { id: string; status: string };
  expect(sale.status).toBe('succeeded');
  return sale.id;
}

describe('GET /api/v1/audit/ledger-check', () => {
  it('answers ok for a sound ledger, compared with the carrier, to admin and manager', async () => {
    await sellTwo();
    expect(await check()).toEqual({ ok: true, violations: [], carrier_compared: true });
    expect(await check('manager@demo.airload')).toEqual({
      ok: true,
      violations: [],
      carrier_compared: true,
    });
  });

  it('names a wallet balance edited behind the ledger', async () => {
    await sellTwo();
    await h.database.client.execute({
      sql: 'UPDATE accounts SET credits_posted = credits_posted + 1000 WHERE id = ?',
      args: [walletAccountId('u-ret-101')],
    });
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^postings do not sum to zero/),
        `account ${walletAccountId('u-ret-101')} balances do not match its transfers`,
      ]),
    );
  });

  it('names a sale refunded without a void once the status trigger is dropped', async () => {
    const id = await sellTwo();
    await h.database.client.execute('DROP TRIGGER sales_status_transition');
    await h.database.client.execute({
      sql: `UPDATE sales SET status = 'failed' WHERE id = ?`,
      args: [id],
    });
    const { ok, violations } = await check();
    expect(ok).toBe(false);
    expect(violations).toEqual(
      expect.arrayContaining([
        `sale ${id} (failed) has 1 posts, expected 0`,
        `sale ${id} (failed) has 0 voids, expected 1`,
        `sale ${id} was refunded (failed) but the carrier credited it (succeeded)`,
      ]),
    );
  });

  it('is forbidden to a retailer', async () => {
    const res = await h.call('GET', '/api/v1/audit/ledger-check', {
      token: await h.login('+254700000101'),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});

describe('the carrier record over HTTP', () => {
  it('reads GET /credited, and a carrier that cannot answer is a CarrierTimeoutError', async () => {
    const served = new HttpCarrierGateway('http://carrier.test', async (input) => {
      expect(String(input)).toBe('http://carrier.test/credited');
      return Response.json({
        items: [{ saleId: 's1', msisdn: '+254712345678', amount: 500, status: 'succeeded' }],
        total: 500,
      });
    });
    expect(await served.credited()).toEqual([{ saleId: 's1', amount: 500, status: 'succeeded' }]);
    const down = new HttpCarrierGateway('http://carrier.test', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(down.credited()).rejects.toBeInstanceOf(CarrierTimeoutError);
  });

  it('still checks the ledger when the carrier gives no record, and says so', async () => {
    await h.close();
    h = await createHarness({
      carrier: new HttpCarrierGateway('http://carrier.test', async () => {
        throw new TypeError('fetch failed');
      }),
    });
    expect(await check()).toEqual({ ok: true, violations: [], carrier_compared: false });
  });
});
