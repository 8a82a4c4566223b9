import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';
import { auditOfQuery } from './list';

/** GET /api/v1/audit/outlets/:id (issue 9 §2 "Outlet detail"): the outlet's own trail, in scope. */

interface Page {
  items: { seq: number; action: string; actor_id: string | null; subject: string | null }[];
  next_cursor: string | null;
}

let h: Harness;
let manager: string;

beforeAll(async () => {
  h = await createHarness();
  await addUsers(
    h,
    [
      {
        id: 'u-manager-n',
        role: 'manager',
        name: 'North',
        email: 'm@north.airload',
        regionId: 'r-north',
      },
      {
        id: 'u-ret-n',
        role: 'retailer',
        name: 'North Shop',
        phone: '+254700000401',
        regionId: 'r-north',
      },
    ],
    [{ sql: "INSERT INTO regions (id, name) VALUES ('r-north', 'North')", args: [] }],
  );
  manager = await h.login('manager@demo.airload');
  await h.login('+254700000101');
  const freeze = await h.call('POST', '/api/v1/outlets/u-ret-101/freeze', {
    token: manager,
    body: { reason: 'audit trail test' },
  });
  expect(freeze.status).toBe(200);
});
afterAll(() => h.close());

const trail = (id: string, token: string, query = '') =>
  h.call('GET', `/api/v1/audit/outlets/${id}${query}`, { token });

describe('outlet audit trail', () => {
  it('lists what the outlet did and what was done to it, newest first', async () => {
    const res = await trail('u-ret-101', manager);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.items[0]).toMatchObject({ action: 'freeze', subject: 'u-ret-101' });
    expect(page.items.some((e) => e.actor_id === 'u-ret-101' && e.action === 'login')).toBe(true);
    expect(page.items.every((e) => e.actor_id === 'u-ret-101' || e.subject === 'u-ret-101')).toBe(
      true,
    );
    const seqs = page.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('pages with the cursor', async () => {
    const first = (await (await trail('u-ret-101', manager, '?limit=1')).json()) as Page;
    expect(first.next_cursor).not.toBeNull();
    const second = (await (
      await trail('u-ret-101', manager, `?limit=1&cursor=${first.next_cursor}`)
    ).json()) as Page;
    expect(second.items[0]!.seq).toBeLessThan(first.items[0]!.seq);
  });

  it("answers 404 for another region's outlet and 403 to a retailer", async () => {
    expect((await trail('u-ret-n', manager)).status).toBe(404);
    const north = await h.login('m@north.airload');
    expect((await trail('u-ret-101', north)).status).toBe(404);
    const retailer = await h.login('+254700000102');
    expect((await trail('u-ret-102', retailer)).status).toBe(403);
  });
});

describe('the trail at scale', () => {
  it('is read through the actor and subject indexes, never by scanning the whole log', async () => {
    const { sql, params } = auditOfQuery(h.deps, 'u-ret-101', 50).toSQL();
    const plan = await h.database.client.execute({
      sql: `EXPLAIN QUERY PLAN ${sql}`,
      args: params as never[],
    });
    const steps = plan.rows.map((r) => String(r.detail));
    expect(steps.some((s) => s.includes('audit_log_subject'))).toBe(true);
    expect(steps.some((s) => s.includes('audit_log_actor'))).toBe(true);
    expect(steps.filter((s) => /^SCAN audit_log\b/.test(s))).toEqual([]);
  });
});
