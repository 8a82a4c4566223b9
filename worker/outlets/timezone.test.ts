import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn, dayStart } from '../../core/day';
import { createHarness, type Harness } from '../../test/support/harness';
import { pastSaleStatements } from '../../test/support/ledger-world';
import { checkLedger } from '../ledger/check';
import { voidSale } from '../ledger/statements';

/**
 * A day is a calendar day in TIMEZONE, never a UTC day (DESIGN 8, issue 9): in Nairobi
 * (UTC+3) 23:30 and 00:30 are the same UTC day but two days for the daily limit,
 * "today" and the daily series. The clock is moved to 23:30 local time.
 */

const TZ = 'Africa/Nairobi';
const MINUTE = 60_000;
let h: Harness;
let admin: string;
let day: string;

beforeAll(async () => {
  h = await createHarness();
  // Tomorrow 23:30 local: far enough that the first sale is not in a day already used.
  day = addDays(dayIn(h.clock.now(), TZ), 1);
  h.clock.advance(dayStart(day, TZ) + (23 * 60 + 30) * MINUTE - h.clock.now());
});
afterAll(() => h.close());

const outlet = async (id: string) =>
  (await (await h.call('GET', `/api/v1/outlets/${id}`, { token: admin })).json()) as {
    today: { count: number; total: number };
  };

describe('days in TIMEZONE', () => {
  it('counts a sale at 23:30 and one at 00:30 local time on two days for the daily limit and today', async () => {
    expect(new Date(h.clock.now()).toISOString().slice(11, 16)).toBe('20:30');
    admin = await h.login('admin@demo.airload');
    const limits = await h.call('PUT', '/api/v1/outlets/u-ret-101/limits', {
      token: admin,
      body: { daily_limit: 10_000 },
    });
    expect(limits.status).toBe(200);
    let token = await h.login('+254700000101');
    const sale = { msisdn: '0712345678', amount: 10_000 };
    expect((await h.sell(token, 'tz-1', sale)).status).toBe(201);
    await h.settled();
    h.clock.advance(10 * MINUTE); // 23:40: the day's limit is spent
    const refused = await h.sell(token, 'tz-2', sale);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'daily_limit_exceeded',
    );
    expect((await outlet('u-ret-101')).today).toEqual({ count: 1, total: 10_000 });

    h.clock.advance(50 * MINUTE); // 00:30 the next day, still the same UTC day
    expect(dayIn(h.clock.now(), TZ)).toBe(addDays(day, 1));
    expect(dayIn(h.clock.now(), 'UTC')).toBe(day);
    // Tokens live 15 minutes on the app clock.
    admin = await h.login('admin@demo.airload');
    token = await h.login('+254700000101');
    expect((await outlet('u-ret-101')).today).toEqual({ count: 0, total: 0 });
    expect((await h.sell(token, 'tz-3', sale)).status).toBe(201);
    await h.settled();
    expect((await outlet('u-ret-101')).today).toEqual({ count: 1, total: 10_000 });

    const daily = await h.call(
      'GET',
      `/api/v1/outlets/u-ret-101/daily?from=${day}&to=${addDays(day, 1)}`,
      { token: admin },
    );
    const rows = (await daily.json()) as { day: string; count: number; total: number }[];
    expect(rows.map((r) => [r.day, r.count, r.total])).toEqual([
      [day, 1, 10_000],
      [addDays(day, 1), 1, 10_000],
    ]);
    expect(await checkLedger(h.database.client)).toEqual([]);
  });

  it('gives a voided sale back to the day it counted on, not the day of the void', async () => {
    const made = dayStart(day, TZ) + (23 * 60 + 50) * MINUTE; // 23:50 on day D
    const hold = pastSaleStatements(
      h.deps,
      'u-ret-102',
      { at: made, outcome: 'pending', amount: 7_000 },
      1,
    );
    await h.deps.writer.write(hold);
    const first = hold[0] as { args: unknown[] };
    const saleId = String(first.args[0]);
    const totals = async () =>
      (
        await h.database.client.execute({
          sql: `SELECT day, total, count, failed FROM outlet_days WHERE retailer_id = 'u-ret-102' ORDER BY day`,
          args: [],
        })
      ).rows.map((r) => [r.day, r.total, r.count, r.failed]);
    expect(await totals()).toEqual([[day, 7_000, 1, 0]]);
    // Voided at 00:30 on D + 1 (the carrier answered late): D's total goes back.
    await h.deps.writer.write(voidSale(saleId, 'carrier_failed', made + 40 * MINUTE));
    expect(await totals()).toEqual([[day, 0, 0, 1]]);
    expect(await checkLedger(h.database.client)).toEqual([]);
  });
});
