import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayStart } from '../../core/day';
import { createHarness, type Harness } from '../../test/support/harness';
import { newRetailer, type PastSale, sell } from '../../test/support/ledger-world';
import type { Deps } from '../deps';
import { checkLedger } from '../ledger/check';
import { getOutlet } from '../outlets/service';
import type { FlagCode } from './rules';

/**
 * DESIGN 10's flags, each raised at its default threshold and not just under it
 * (issue 9). Sales are written with the ledger's own statements at chosen instants;
 * the flags are read at a fixed "now", noon in Nairobi.
 */

const TZ = 'Africa/Nairobi';
const TODAY = '2026-06-15';
const NOW = dayStart(TODAY, TZ) + 12 * 3_600_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** `hour` o'clock local time, `daysAgo` days before today. */
const at = (daysAgo: number, hour: number) => dayStart(addDays(TODAY, -daysAgo), TZ) + hour * HOUR;

let h: Harness;
let deps: Deps;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
  deps = { ...h.deps, clock: { now: () => NOW } };
});
afterAll(() => h.close());

/** A fresh retailer opened 60 days ago, seen an hour ago, with money enough. */
async function outlet(o: { createdAt?: number; seenAt?: number | null; funds?: number } = {}) {
  const id = `u-flag-${n++}`;
  await newRetailer(deps, {
    id,
    createdAt: NOW - 60 * DAY,
    seenAt: NOW - HOUR,
    funds: 50_000_000,
    ...o,
  });
  return id;
}

const flagsOf = async (id: string) =>
  (await getOutlet(deps, { id: 'u-admin', role: 'admin' }, id)).flags;
async function flag(id: string, code: FlagCode) {
  return (await flagsOf(id)).find((f) => f.code === code);
}
const times = (k: number, s: PastSale) => Array.from({ length: k }, () => s);

describe('repeat_number', () => {
  it('is raised by 5 sales to one number today, naming the number and the sales', async () => {
    const id = await outlet();
    await sell(deps, id, times(5, { at: at(0, 9), msisdn: '+254712345678' }));
    const f = await flag(id, 'repeat_number');
    expect(f?.reason).toBe('5 sales to +254712345678 today');
    // The same numbers apart, for the console to say in its language.
    expect(f?.values).toEqual({ count: 5, msisdn: '+254712345678' });
    expect(f?.sale_ids).toHaveLength(5);
  });
  it('is not raised by 4, nor by 5 spread over yesterday and today', async () => {
    const id = await outlet();
    await sell(deps, id, [
      ...times(4, { at: at(0, 9), msisdn: '+254712345678' }),
      { at: at(1, 23), msisdn: '+254712345678' },
    ]);
    expect(await flag(id, 'repeat_number')).toBeUndefined();
  });
});

/** One sale of `amount` on each of the previous 14 days: a median daily total of `amount`. */
const history = (amount: number): PastSale[] =>
  Array.from({ length: 14 }, (_, d) => ({ at: at(d + 1, 10), amount }));

describe('sales_spike', () => {
  it('is raised by 10 sales today over 3 times the median of the previous 14 days', async () => {
    const id = await outlet();
    await sell(deps, id, [...history(1_000), ...times(10, { at: at(0, 9), amount: 301 })]);
    expect((await flag(id, 'sales_spike'))?.reason).toBe(
      'KES 30.10 in 10 sales today, over 3 times the median daily KES 10.00 of the previous 14 days',
    );
  });
  it('is not raised at exactly 3 times, nor by 9 sales', async () => {
    const exactly = await outlet();
    await sell(deps, exactly, [...history(1_000), ...times(10, { at: at(0, 9), amount: 300 })]);
    expect(await flag(exactly, 'sales_spike')).toBeUndefined();
    const nine = await outlet();
    await sell(deps, nine, [...history(1_000), ...times(9, { at: at(0, 9), amount: 5_000 })]);
    expect(await flag(nine, 'sales_spike')).toBeUndefined();
  });
});

describe('high_failure_rate', () => {
  it('is raised when 20 % of the last sales failed or were reversed', async () => {
    const id = await outlet();
    await sell(deps, id, [
      ...times(8, { at: at(1, 9) }),
      { at: at(1, 10), outcome: 'failed' },
      { at: at(1, 11), outcome: 'reversed' },
    ]);
    expect((await flag(id, 'high_failure_rate'))?.reason).toBe(
      '2 of the last 10 sales failed or were reversed (20 %)',
    );
  });
  it('is not raised at 1 in 10, nor by 9 sales however many failed', async () => {
    const one = await outlet();
    await sell(deps, one, [...times(9, { at: at(1, 9) }), { at: at(1, 10), outcome: 'failed' }]);
    expect(await flag(one, 'high_failure_rate')).toBeUndefined();
    const nine = await outlet();
    await sell(deps, nine, times(9, { at: at(1, 9), outcome: 'failed' }));
    expect(await flag(nine, 'high_failure_rate')).toBeUndefined();
  });
  it('counts only the last 50 sales', async () => {
    const id = await outlet();
    await sell(deps, id, [
      ...times(20, { at: at(3, 9), outcome: 'failed' }),
      ...times(50, { at: at(1, 9) }),
    ]);
    expect(await flag(id, 'high_failure_rate')).toBeUndefined();
  });
});

describe('night_sales', () => {
  it('is raised when 30 % of the last 7 days’ sales were made 00:00-05:00 local time', async () => {
    const id = await outlet();
    await sell(deps, id, [
      ...times(3, { at: at(6, 4) + 59 * 60_000 }),
      ...times(7, { at: at(2, 12) }),
    ]);
    expect((await flag(id, 'night_sales'))?.reason).toBe(
      '3 of 10 sales in the last 7 days were made between 00:00 and 05:00 (30 %)',
    );
  });
  it('is not raised at 2 in 10, by sales at 05:00 or 23:30, or by night sales 7 days ago', async () => {
    const id = await outlet();
    await sell(deps, id, [
      ...times(2, { at: at(1, 1) }),
      { at: at(1, 5) },
      { at: at(1, 23) + 30 * 60_000 },
      ...times(5, { at: at(7, 2) }),
      ...times(6, { at: at(2, 12) }),
    ]);
    expect(await flag(id, 'night_sales')).toBeUndefined();
  });
});

describe('dormant', () => {
  it('is raised by no sale for 7 days', async () => {
    const id = await outlet();
    await sell(deps, id, [{ at: NOW - 7 * DAY - 60_000 }]);
    expect((await flag(id, 'dormant'))?.reason).toBe('No sale for 7 days');
  });
  it('is not raised by a sale 6 days ago, nor for an outlet opened 6 days ago', async () => {
    const sold = await outlet();
    await sell(deps, sold, [{ at: NOW - 6 * DAY }]);
    expect(await flag(sold, 'dormant')).toBeUndefined();
    const young = await outlet({ createdAt: NOW - 6 * DAY });
    expect(await flag(young, 'dormant')).toBeUndefined();
  });
});

describe('not_seen', () => {
  it('is raised by no contact for 3 days', async () => {
    const id = await outlet({ seenAt: NOW - 3 * DAY - 60_000 });
    expect((await flag(id, 'not_seen'))?.reason).toBe('No contact on any channel for 3 days');
  });
  it('is not raised by contact 3 days less a minute ago', async () => {
    const id = await outlet({ seenAt: NOW - 3 * DAY + 60_000 });
    expect(await flag(id, 'not_seen')).toBeUndefined();
  });
});

describe('low_float', () => {
  it('is raised when available is under the median daily total of the last 14 days', async () => {
    const id = await outlet({ funds: 14 * 1_000 + 999 });
    await sell(deps, id, history(1_000));
    expect((await flag(id, 'low_float'))?.reason).toBe(
      'KES 9.99 available, less than the median daily sales of KES 10.00 over the previous 14 days',
    );
  });
  it('is not raised when available equals the median', async () => {
    const id = await outlet({ funds: 14 * 1_000 + 1_000 });
    await sell(deps, id, history(1_000));
    expect(await flag(id, 'low_float')).toBeUndefined();
  });
});

describe('stuck_sales', () => {
  it('is raised by a sale pending for over an hour, naming it', async () => {
    const id = await outlet();
    await sell(deps, id, [{ at: NOW - HOUR - 1_000, outcome: 'pending' }]);
    const f = await flag(id, 'stuck_sales');
    expect(f?.reason).toBe('1 sale pending or unknown for over 60 minutes');
    expect(f?.sale_ids).toHaveLength(1);
  });
  it('is not raised by one pending for 59 minutes, nor by a settled one', async () => {
    const id = await outlet();
    await sell(deps, id, [
      { at: NOW - 59 * 60_000, outcome: 'pending' },
      { at: NOW - 2 * HOUR, outcome: 'failed' },
    ]);
    expect(await flag(id, 'stuck_sales')).toBeUndefined();
  });
});

describe('visit_far and visit_overdue', () => {
  let v = 0;
  const visit = (outletId: string, o: { at: number; distance?: number; accuracy?: number }) =>
    deps.writer.write([
      {
        sql: `INSERT INTO visits (id, outlet_id, manager_id, idempotency_key, request_hash, lat, lng,
                accuracy_m, recorded_at, received_at, branding_visible, price_list_shown,
                float_sufficient, records_kept, pin_private, no_complaints, shop_confirmed, distance_m)
              VALUES (?, ?, 'u-manager', ?, 'h', -1.28, 36.82, ?, ?, ?, 1, 1, 1, 1, 1, 1, 1, ?)`,
        args: [`visit-${v}`, outletId, `key-${v++}`, o.accuracy ?? 10, o.at, o.at, o.distance ?? 0],
      },
    ]);

  it('raises visit_far for a last visit 201 m away or with an accuracy of 101 m', async () => {
    const far = await outlet();
    await visit(far, { at: NOW - DAY, distance: 201 });
    expect((await flag(far, 'visit_far'))?.reason).toBe(
      'The last visit was recorded 201 m from the outlet',
    );
    const vague = await outlet();
    await visit(vague, { at: NOW - DAY, accuracy: 101 });
    expect((await flag(vague, 'visit_far'))?.reason).toBe(
      'The last visit was recorded with an accuracy of 101 m',
    );
    expect((await flag(far, 'visit_far'))?.values).toEqual({ distance_m: 201 });
    expect((await flag(vague, 'visit_far'))?.values).toEqual({ accuracy_m: 101 });
  });
  it('does not raise visit_far at 200 m and 100 m, nor for an older far visit', async () => {
    const id = await outlet();
    await visit(id, { at: NOW - 2 * DAY, distance: 5_000 });
    await visit(id, { at: NOW - DAY, distance: 200, accuracy: 100 });
    expect(await flag(id, 'visit_far')).toBeUndefined();
  });
  it('raises visit_overdue after 30 days without a visit, not after 29', async () => {
    const overdue = await outlet();
    await visit(overdue, { at: NOW - 30 * DAY - 60_000 });
    expect((await flag(overdue, 'visit_overdue'))?.reason).toBe('No visit for 30 days');
    const recent = await outlet();
    await visit(recent, { at: NOW - 29 * DAY });
    expect(await flag(recent, 'visit_overdue')).toBeUndefined();
    const never = await outlet({ createdAt: NOW - 29 * DAY });
    expect(await flag(never, 'visit_overdue')).toBeUndefined();
  });
});

describe('pin_lockouts', () => {
  const wrongPins = async (phone: string) => {
    for (let i = 0; i < 5; i++) await h.login(phone, '0000').catch(() => undefined);
  };
  it('is raised by 2 lockouts in 7 days, through real wrong PINs; 1 is not enough', async () => {
    const phone = '+254700000103';
    await wrongPins(phone);
    const live = { ...h.deps };
    const lockouts = async () =>
      (await getOutlet(live, { id: 'u-admin', role: 'admin' }, 'u-ret-103')).flags;
    expect((await lockouts()).map((f) => f.code)).not.toContain('pin_lockouts');
    h.clock.advance(16 * 60_000);
    await wrongPins(phone);
    const f = (await lockouts()).find((x) => x.code === 'pin_lockouts');
    expect(f?.reason).toBe('2 PIN lockouts in the last 7 days');
    h.clock.advance(7 * DAY);
    expect((await lockouts()).map((x) => x.code)).not.toContain('pin_lockouts');
  });
});

it('leaves a ledger that passes the check, per-day aggregates included', async () => {
  expect(await checkLedger(h.database.client)).toEqual([]);
});
