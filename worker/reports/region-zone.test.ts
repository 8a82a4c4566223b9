import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/day';
import { userStatements } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { newRetailer, sell } from '../../test/support/ledger-world';
import { LIMA, limaEvening } from '../../test/support/lima';

/**
 * Issue 11: a manager's reconciliation day is its region's day. At 18:00 in Lima (UTC-5)
 * it is 02:00 of the next day in Nairobi (TIMEZONE): the Lima manager finds the sale on
 * Lima's day; the admin's all-regions report reads days in TIMEZONE and says so.
 */

let h: Harness;
let limaDay: string;

interface Report {
  day: string;
  timezone: string;
  by_status: { succeeded: { count: number; total: number } };
}

beforeAll(async () => {
  h = await createHarness();
  limaDay = await limaEvening(h);
  const now = h.clock.now();
  await h.deps.writer.write(
    await userStatements(
      {
        id: 'u-mgr-lima',
        role: 'manager',
        name: 'Lima manager',
        email: 'lima@demo.airload',
        secret: 'airload-demo',
        regionId: 'r-lima',
      },
      'KES',
      now,
      1,
    ),
  );
  await newRetailer(h.deps, { id: 'u-lima-1', regionId: 'r-lima', createdAt: now, funds: 100_000 });
  await sell(h.deps, 'u-lima-1', [{ at: now - 60_000, amount: 4_000, timezone: LIMA }]);
});
afterAll(() => h.close());

const report = async (email: string, day: string) => {
  const token = await h.login(email);
  const res = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
};

describe("the reconciliation day in the manager's region's zone", () => {
  it("counts the sale on the Lima manager's Lima day, not on the Nairobi day", async () => {
    const own = await report('lima@demo.airload', limaDay);
    expect(own.timezone).toBe(LIMA);
    expect(own.by_status.succeeded).toEqual({ count: 1, total: 4_000 });
    const next = await report('lima@demo.airload', addDays(limaDay, 1));
    expect(next.by_status.succeeded).toEqual({ count: 0, total: 0 });
  });

  it("reads the admin's all-regions day in TIMEZONE and says so", async () => {
    const all = await report('admin@demo.airload', addDays(limaDay, 1));
    expect(all.timezone).toBe(h.config.TIMEZONE);
    expect(all.by_status.succeeded.count).toBe(1);
  });
});
