import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn, dayStart } from '../../core/day';
import { createHarness, type Harness } from '../../test/support/harness';
import { newRetailer, sell } from '../../test/support/ledger-world';
import { LIMA, limaEvening } from '../../test/support/lima';

/**
 * Issue 11: an outlet's days are its region's days where the region has its own zone.
 * Lima (UTC-5) is 8 hours behind Nairobi (UTC+3, the deployment's TIMEZONE): at 18:00 in
 * Lima it is already 02:00 of the next day in Nairobi. A sale made then counts on Lima's
 * day, and the list, the outlet view, its daily series and its flags read that same day
 * as the outlet's "today".
 */

const TZ = 'Africa/Nairobi';
let h: Harness;
let admin: string;
let limaDay: string;

interface View {
  id: string;
  today: { count: number; total: number };
  month: { count: number; total: number };
  flags: { code: string; since: string | null }[];
}

beforeAll(async () => {
  h = await createHarness();
  limaDay = await limaEvening(h);
  const now = h.clock.now();
  await newRetailer(h.deps, {
    id: 'u-lima-1',
    regionId: 'r-lima',
    createdAt: now,
    funds: 1_000_000,
  });
  await newRetailer(h.deps, { id: 'u-nbo-1', createdAt: now, funds: 1_000_000 });
  // Five sales to one number a minute ago at each outlet: repeat_number, on each one's today.
  const five = (timezone?: string) =>
    Array.from({ length: 5 }, (_, i) => ({
      at: now - 60_000 + i,
      msisdn: '+254712000111',
      amount: 1_000,
      ...(timezone && { timezone }),
    }));
  await sell(h.deps, 'u-lima-1', five(LIMA));
  await sell(h.deps, 'u-nbo-1', five());
  // u-lima-2: KES 10 a day on the 14 Lima days before, then 10 sales of KES 3.01 today.
  await newRetailer(h.deps, {
    id: 'u-lima-2',
    regionId: 'r-lima',
    createdAt: now,
    funds: 1_000_000,
  });
  const limaAt = (daysBefore: number, hour: number) =>
    dayStart(addDays(limaDay, -daysBefore), LIMA) + hour * 3_600_000;
  await sell(h.deps, 'u-lima-2', [
    ...Array.from({ length: 14 }, (_, d) => ({
      at: limaAt(d + 1, 10),
      amount: 1_000,
      timezone: LIMA,
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      at: limaAt(0, 9) + i,
      amount: 301,
      timezone: LIMA,
    })),
  ]);
  admin = await h.login('admin@demo.airload');
});
afterAll(() => h.close());

const get = async <T>(path: string) => {
  const res = await h.call('GET', path, { token: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

describe("an outlet's day in its region's zone", () => {
  it('stores the sale on the outlet’s own day, not the deployment’s', async () => {
    expect(dayIn(h.clock.now(), TZ)).toBe(addDays(limaDay, 1));
    const { rows } = await h.database.client.execute(
      `SELECT retailer_id, day, count FROM outlet_days WHERE retailer_id IN ('u-lima-1', 'u-nbo-1') ORDER BY retailer_id`,
    );
    expect(rows.map((r) => [r.retailer_id, r.day, r.count])).toEqual([
      ['u-lima-1', limaDay, 5],
      ['u-nbo-1', addDays(limaDay, 1), 5],
    ]);
  });

  it("shows the sale on the outlet's today in the list, the CSV and the outlet view", async () => {
    const page = await get<{ items: View[] }>('/api/v1/outlets?limit=100&sort=-today_total');
    const byId = new Map(page.items.map((o) => [o.id, o]));
    expect(byId.get('u-lima-1')?.today).toEqual({ count: 5, total: 5_000 });
    expect(byId.get('u-lima-1')?.month.count).toBe(5);
    expect(byId.get('u-nbo-1')?.today).toEqual({ count: 5, total: 5_000 });
    const one = await get<View>('/api/v1/outlets/u-lima-1');
    expect(one.today).toEqual({ count: 5, total: 5_000 });
    const csv = await h.call('GET', '/api/v1/outlets/export.csv?q=u-lima-1', { token: admin });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toMatch(/u-lima-1.*,5,5000/);
  });

  it("ends the default daily series on the outlet's today and reads day ranges in its zone", async () => {
    const daily = await get<{ day: string; count: number }[]>('/api/v1/outlets/u-lima-1/daily');
    expect(daily.at(-1)).toEqual(expect.objectContaining({ day: limaDay, count: 5 }));
    const sales = await get<{ items: unknown[] }>(
      `/api/v1/outlets/u-lima-1/sales?from=${limaDay}&to=${limaDay}`,
    );
    expect(sales.items).toHaveLength(5);
    const next = await get<{ items: unknown[] }>(
      `/api/v1/outlets/u-lima-1/sales?from=${addDays(limaDay, 1)}`,
    );
    expect(next.items).toHaveLength(0);
  });

  it("raises a day-based flag (repeat_number) on the outlet's today", async () => {
    const lima = await get<View>('/api/v1/outlets/u-lima-1');
    expect(lima.flags.map((f) => f.code)).toContain('repeat_number');
    const flagged = await get<{ items: View[] }>('/api/v1/outlets?flag=repeat_number&limit=100');
    expect(flagged.items.map((o) => o.id)).not.toContain('u-lima-2');
    expect(flagged.items.map((o) => o.id)).toEqual(expect.arrayContaining(['u-lima-1', 'u-nbo-1']));
  });

  it("raises sales_spike on the outlet's today against the median of its own previous 14 days", async () => {
    const spiking = await get<{ items: View[] }>('/api/v1/outlets?flag=sales_spike&limit=100');
    const lima = spiking.items.find((o) => o.id === 'u-lima-2');
    const spike = lima?.flags.find((f) => f.code === 'sales_spike') as
      | { reason: string; since: string | null }
      | undefined;
    expect(spike?.reason).toBe(
      'KES 30.10 in 10 sales today, over 3 times the median daily KES 10.00 of the previous 14 days',
    );
    expect(spike?.since).toBe(new Date(dayStart(limaDay, LIMA)).toISOString());
  });
});
