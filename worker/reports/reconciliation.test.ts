import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayIn } from '../../core/day';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';
import type { CarrierGateway, CarrierReportItem } from '../carrier/gateway';
import { CarrierSimulator } from '../carrier/simulator';

/** The simulator, with a report the test can corrupt: sales it forgets, top-ups it invents. */
let clock = () => Date.now();
const simulator = new CarrierSimulator({ slowMs: 50, now: () => clock() });
const forgotten = new Set<string>();
const invented: CarrierReportItem[] = [];
const carrier: CarrierGateway = {
  topup: (r, t) => simulator.topup(r, t),
  status: (id, t) => simulator.status(id, t),
  reverse: (id, t) => simulator.reverse(id, t),
  report: async (from, to, t) => [
    ...(await simulator.report(from, to, t)).filter((i) => !forgotten.has(i.saleId)),
    ...invented,
  ],
};

let h: Harness;
let shop: string;
let manager: string;
let admin: string;
let day: string;

interface Report {
  by_status: Record<string, { count: number; total: number }>;
  commission_total: number;
  stuck: { id: string }[];
  carrier: {
    credited_total: number;
    ledger_total: number;
    mismatches: { sale_id: string; ledger_status: string; carrier_status: string }[];
  };
  ledger_check: { ok: boolean; violation_count: number; violations?: string[] };
}
const report = async (token: string, d = day) =>
  (await (
    await h.call('GET', `/api/v1/reports/reconciliation?day=${d}`, { token })
  ).json()) as Report;
let keys = 0;
const sell = async (msisdn: string, amount: number) => {
  const res = await h.sell(shop, `rec-${++keys}`, { msisdn, amount });
  return (await res.json()) as { id: string; status: string; commission: number };
};

beforeAll(async () => {
  h = await createHarness({ carrier });
  clock = h.clock.now;
  await addUsers(
    h,
    [
      {
        id: 'u-far-mgr',
        role: 'manager',
        name: 'Far',
        email: 'far@test.airload',
        regionId: 'r-far',
      },
    ],
    [{ sql: `INSERT INTO regions (id, name) VALUES ('r-far', 'Far')`, args: [] }],
  );
  shop = await h.login('+254700000101');
  manager = await h.login('manager@demo.airload');
  admin = await h.login('admin@demo.airload');
  day = dayIn(h.clock.now(), h.config.TIMEZONE);
});
afterAll(() => h.close());

describe('reconciliation report (issue 9, DESIGN 10)', () => {
  it('counts the day’s sales by status with commission, and agrees with the carrier', async () => {
    const ok = await sell('0712345678', 10_000);
    const declined = await sell('0712345901', 20_000);
    expect([ok.status, declined.status]).toEqual(['succeeded', 'failed']);
    const r = await report(manager);
    expect(r.by_status.succeeded).toEqual({ count: 1, total: 10_000 });
    expect(r.by_status.failed).toEqual({ count: 1, total: 20_000 });
    expect(r.by_status.pending).toEqual({ count: 0, total: 0 });
    expect(r.commission_total).toBe(ok.commission);
    expect(r.carrier).toEqual({ credited_total: 10_000, ledger_total: 10_000, mismatches: [] });
    expect(r.ledger_check).toEqual({ ok: true, violation_count: 0 });
    expect((await report(admin)).ledger_check).toEqual({
      ok: true,
      violation_count: 0,
      violations: [],
    });
  });

  it('lists a sale the ledger says succeeded that the carrier never credited', async () => {
    const sale = await sell('0712345678', 5_000);
    forgotten.add(sale.id);
    const r = await report(manager);
    expect(r.carrier.mismatches).toContainEqual({
      sale_id: sale.id,
      ledger_status: 'succeeded',
      carrier_status: 'not_found',
    });
    expect(r.carrier.ledger_total - r.carrier.credited_total).toBe(5_000);
    forgotten.clear();
  });

  it('lists a sale refunded in the ledger that the carrier credited, and one it has no sale for', async () => {
    const sale = await sell('0712345901', 7_000);
    const at = h.clock.now();
    invented.push(
      { saleId: sale.id, amount: 7_000, status: 'succeeded', at },
      { saleId: 'carrier-only-1', amount: 9_000, status: 'succeeded', at },
    );
    const mine = await report(manager);
    expect(mine.carrier.mismatches).toContainEqual({
      sale_id: sale.id,
      ledger_status: 'failed',
      carrier_status: 'succeeded',
    });
    // Whose a top-up without a sale is, only the whole ledger can say: the admin's report.
    expect(mine.carrier.mismatches.map((m) => m.sale_id)).not.toContain('carrier-only-1');
    expect((await report(admin)).carrier.mismatches).toContainEqual({
      sale_id: 'carrier-only-1',
      ledger_status: 'missing',
      carrier_status: 'succeeded',
    });
    invented.length = 0;
  });

  it('keeps to the manager’s region; others may not read it', async () => {
    const far = await report(await h.login('far@test.airload'));
    expect(far.by_status.succeeded).toEqual({ count: 0, total: 0 });
    expect(far.carrier.mismatches).toEqual([]);
    for (const who of ['+254700000201', '+254700000101']) {
      const res = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`, {
        token: await h.login(who),
      });
      expect(res.status).toBe(403);
    }
    expect((await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`)).status).toBe(401);
  });

  it.each([
    '',
    'day=',
    'day=yesterday',
    'day=2026-02-30',
    'day=2026-1-5',
    `day=${'9'.repeat(40)}`,
    'day=2026-12-01&format=xml',
  ])('refuses the query %j with 400 invalid_query', async (query) => {
    const res = await h.call('GET', `/api/v1/reports/reconciliation?${query}`, { token: manager });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
  });

  it('exports the report as CSV', async () => {
    const sale = await sell('0712345678', 4_000);
    forgotten.add(sale.id);
    const res = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}&format=csv`, {
      token: manager,
    });
    forgotten.clear();
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('"section","key","count","amount","detail"');
    expect(lines).toContain(`"mismatch","${sale.id}","","","ledger succeeded, carrier not_found"`);
    expect(lines.some((l) => l.startsWith('"by_status","succeeded",'))).toBe(true);
  });

  // Last: it moves the clock an hour on.
  it('lists sales open for over an hour as stuck', async () => {
    const lost = await sell('0712345903', 3_000);
    await h.settled();
    expect((await report(manager)).stuck.map((s) => s.id)).not.toContain(lost.id);
    h.clock.advance(61 * 60_000);
    // Tokens live 15 minutes on the same clock.
    const r = await report(await h.login('manager@demo.airload'));
    expect(r.stuck.map((s) => s.id)).toContain(lost.id);
    expect(r.carrier.mismatches.map((m) => m.sale_id)).not.toContain(lost.id);
  });
});
