import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn } from '../core/day';
import { FLAG_CODES } from '../core/flags';
import { createHarness } from '../test/support/harness';
import { checkLedger } from '../worker/ledger/check';
import { allOutlets } from '../worker/outlets/list';
import { DEMO_FUNDING, DEMO_USERS } from './seed';
import { HISTORY_DAYS, type HistorySummary, seedDemoHistory } from './seed-history';

// DESIGN 8 / issue 9 §3: the demo history on top of the harness's seedDemo.
describe('demo history', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  let summary: HistorySummary;
  beforeAll(async () => {
    h = await createHarness();
    summary = await seedDemoHistory(h.database, h.config, h.clock.now());
    console.log('demo history', summary);
  }, 60_000);
  afterAll(() => h.close());

  it('is written in well under 30 s and keeps the ledger balanced', async () => {
    expect(summary.ms).toBeLessThan(30_000);
    expect(summary.sales).toBeGreaterThan(1_000);
    expect(await checkLedger(h.database.client)).toEqual([]);
    // No receipt of the made-up past waits in the SMS outbox.
    expect(await h.count('sms_messages')).toBe(0);
  });

  it('leaves the fixed demo wallets as seedDemo funded them', async () => {
    const funded = DEMO_USERS.filter((u) => u.role === 'retailer' || u.role === 'distributor');
    for (const u of funded) {
      const r = await h.database.client.execute({
        sql: `SELECT credits_posted - debits_posted - debits_pending AS available FROM accounts
              WHERE user_id = ? AND kind = 'wallet'`,
        args: [u.id],
      });
      expect(Number(r.rows[0]!.available), u.id).toBe(DEMO_FUNDING);
    }
  });

  it('gives each region twenty located outlets and 90 days of sales', async () => {
    const r = await h.database.client.execute(`SELECT region_id, count(*) AS n,
        sum(lat IS NOT NULL AND lng IS NOT NULL AND visit_secret IS NOT NULL) AS located
      FROM users WHERE role = 'retailer' GROUP BY region_id ORDER BY region_id`);
    expect(r.rows.map((row) => row.region_id)).toEqual(['r-demo', 'r-demo-north']);
    for (const row of r.rows) {
      expect(Number(row.n)).toBeGreaterThanOrEqual(20);
      expect(Number(row.located)).toBe(Number(row.n));
    }
    const days = await h.database.client.execute(
      'SELECT min(day) AS first, max(day) AS last FROM sales',
    );
    const today = dayIn(h.clock.now(), h.config.TIMEZONE);
    expect(days.rows[0]!.first).toBe(addDays(today, 1 - HISTORY_DAYS));
    expect(days.rows[0]!.last).toBe(today);
  });

  it('has an outlet raising every flag computed today', async () => {
    const outlets = await allOutlets(
      h.deps,
      { id: 'u-admin', role: 'admin' },
      { sort: 'id', desc: false },
    );
    const raised = new Set(outlets.flatMap((o) => o.flags.map((f) => f.code)));
    // Every flag of DESIGN 10 (DESIGN 8), many_disputes included (issue 12).
    expect([...raised].sort()).toEqual([...FLAG_CODES].sort());
    expect(outlets.some((o) => o.last_visit_at !== null)).toBe(true);
  });

  it('shows the Demo North manager twenty outlets of its region', async () => {
    const token = await h.login('manager2@demo.airload');
    const res = await h.call('GET', '/api/v1/outlets?limit=100', { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { region_id?: string }[] };
    expect(body.items.length).toBeGreaterThanOrEqual(20);
    // The history's outlets share one hash of the demo PIN, and it logs them in.
    await h.login('+254700210001');
  });
});
