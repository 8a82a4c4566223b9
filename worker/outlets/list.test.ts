import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn } from '../../core/day';
import { userStatements } from '../../db/seed';
import { rowCounts } from '../../test/security/row-counts';
import { createHarness, type Harness } from '../../test/support/harness';
import { newRetailer, sell } from '../../test/support/ledger-world';

/**
 * GET /api/v1/outlets with search, filters, sort and cursor; its CSV export; an
 * outlet's daily series and filtered sales (DESIGN 10, issue 9): who sees what, bad
 * input, and the CSV against the JSON list.
 */

interface Item {
  id: string;
  name: string;
  phone: string | null;
  frozen: boolean;
  today: { count: number; total: number };
  month: { count: number; total: number; commission: number };
  last_seen_at: string | null;
  last_visit_at: string | null;
  location: { lat: number; lng: number } | null;
  flags: { code: string; reason: string; since: string | null; sale_ids?: string[] }[];
}
interface Page {
  items: Item[];
  next_cursor: string | null;
}

let h: Harness;
let admin: string;
let manager: string;
let north: string;
let distributor: string;
let retailer: string;
const TZ = 'Africa/Nairobi';

beforeAll(async () => {
  h = await createHarness();
  const now = h.clock.now();
  // A second region with its own manager and outlet (DESIGN 8's Demo North).
  await h.deps.writer.write([
    { sql: `INSERT INTO regions (id, name) VALUES ('r-north', 'North')`, args: [] },
    ...(await userStatements(
      {
        id: 'u-mgr-north',
        role: 'manager',
        name: 'North manager',
        email: 'north@demo.airload',
        secret: 'airload-demo',
        regionId: 'r-north',
      },
      'KES',
      now,
      1,
    )),
  ]);
  await newRetailer(h.deps, {
    id: 'u-north-1',
    regionId: 'r-north',
    createdAt: now,
    funds: 1_000_000,
  });
  // Names that need quoting, and one a spreadsheet would run.
  for (const [id, name] of [
    ['u-q-1', 'Mama "Njeri", Kiosk'],
    ['u-q-2', 'Line\nbreak shop'],
    ['u-q-3', '=HYPERLINK("http://x")'],
    ['u-q-4', '@SUM(A1)'],
  ] as const) {
    await newRetailer(h.deps, { id, createdAt: now, funds: 1_000_000 });
    await h.deps.writer.write([
      { sql: 'UPDATE users SET name = ? WHERE id = ?', args: [name, id] },
    ]);
  }
  // Five sales to one number today at u-q-1: repeat_number; u-q-2 is frozen.
  await sell(
    h.deps,
    'u-q-1',
    Array.from({ length: 5 }, () => ({ at: now - 60_000, msisdn: '+254712345678' })),
  );
  await sell(h.deps, 'u-q-2', [
    { at: now - 60_000, amount: 2_000 },
    { at: now - 50_000, outcome: 'failed' },
  ]);
  await h.deps.writer.write([{ sql: 'UPDATE users SET frozen = 1 WHERE id = ?', args: ['u-q-2'] }]);
  admin = await h.login('admin@demo.airload');
  manager = await h.login('manager@demo.airload');
  north = await h.login('north@demo.airload', 'airload-demo');
  distributor = await h.login('+254700000201');
  retailer = await h.login('+254700000101');
});
afterAll(() => h.close());

const list = async (query: string, token = admin) => {
  const res = await h.call('GET', `/api/v1/outlets${query}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
const ids = (p: Page) => p.items.map((i) => i.id);
const code = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

describe('GET /api/v1/outlets', () => {
  it('gives each outlet today, the month, last seen, last visit, location and flags', async () => {
    const { items } = await list('?q=Njeri');
    expect(items).toHaveLength(1);
    const o = items[0]!;
    expect(o.today).toEqual({ count: 5, total: 5_000 });
    expect(o.month).toEqual({ count: 5, total: 5_000, commission: 300 });
    expect(o.last_seen_at).not.toBeNull();
    expect(o).toMatchObject({ last_visit_at: null, location: null });
    const repeat = o.flags.find((f) => f.code === 'repeat_number');
    expect(repeat?.reason).toBe('5 sales to +254712345678 today');
    expect(repeat?.sale_ids).toHaveLength(5);
  });

  it('searches by name or phone digits, filters by flag and frozen', async () => {
    expect(ids(await list('?q=kiosk'))).toEqual(['u-q-1']);
    expect(ids(await list('?q=0700000102'))).toEqual(['u-ret-102']);
    expect(ids(await list('?q=%25'))).toEqual([]); // a literal %, not a wildcard
    expect(ids(await list('?flag=repeat_number'))).toEqual(['u-q-1']);
    expect(ids(await list('?frozen=true'))).toEqual(['u-q-2']);
    expect(ids(await list('?frozen=false&q=shop'))).not.toContain('u-q-2');
    expect(ids(await list('?flag=many_disputes'))).toEqual([]);
  });

  it('sorts by a column either way, ties in id order, and pages without gaps or repeats', async () => {
    const all = ids(await list('?sort=-today_total&limit=100'));
    expect(all.slice(0, 2)).toEqual(['u-q-1', 'u-q-2']);
    // Every other outlet ties at 0 today: they follow in descending id order.
    const ties = all.slice(2);
    expect(ties).toEqual([...ties].sort().reverse());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(
        `?sort=-today_total&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...ids(page));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual(all);
    const byName = (await list('?sort=name&limit=100')).items.map((i) => i.name);
    expect(byName).toEqual([...byName].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const flagged = ids(await list('?sort=-flags&limit=1'));
    expect(flagged).toHaveLength(1);
  });

  it('keeps each viewer to its scope', async () => {
    const mine = ids(await list('?limit=100', manager));
    expect(mine).toContain('u-q-1');
    expect(mine).not.toContain('u-north-1');
    expect(ids(await list('?limit=100', north))).toEqual(['u-north-1']);
    expect(ids(await list('?limit=100', distributor)).sort()).toEqual([
      'u-ret-101',
      'u-ret-102',
      'u-ret-103',
    ]);
    expect((await h.call('GET', '/api/v1/outlets', { token: retailer })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/outlets')).status).toBe(401);
    expect((await h.call('GET', '/api/v1/outlets/export.csv', { token: retailer })).status).toBe(
      403,
    );
    expect((await h.call('GET', '/api/v1/outlets/export.csv')).status).toBe(401);
    const csv = await (await h.call('GET', '/api/v1/outlets/export.csv', { token: north })).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });

  it('refuses a bad sort, flag, frozen, limit or cursor with invalid_query and writes nothing', async () => {
    const before = await rowCounts(h.database.client);
    const other = (await list('?sort=name&limit=1')).next_cursor!;
    for (const q of [
      '?sort=secret_hash',
      '?sort=--name',
      '?flag=rich',
      '?frozen=maybe',
      '?limit=0',
      '?limit=101',
      '?cursor=not-a-cursor',
      `?sort=phone&cursor=${other}`,
      `?q=${'x'.repeat(101)}`,
    ]) {
      const res = await h.call('GET', `/api/v1/outlets${q}`, { token: admin });
      expect([q, res.status, await code(res)]).toEqual([q, 400, 'invalid_query']);
    }
    const csv = await h.call('GET', '/api/v1/outlets/export.csv?sort=nope', { token: admin });
    expect([csv.status, await code(csv)]).toEqual([400, 'invalid_query']);
    expect(await rowCounts(h.database.client)).toEqual(before);
  });
});

describe('GET /api/v1/outlets/export.csv', () => {
  it('quotes commas, quotes and newlines, prefixes formulas, and holds the JSON list’s rows', async () => {
    const res = await h.call('GET', '/api/v1/outlets/export.csv?sort=name', { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('"Mama ""Njeri"", Kiosk"');
    expect(text).toContain('"Line\nbreak shop"');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`"'@SUM(A1)"`);
    // Phone numbers start with + and are prefixed too.
    expect(text).toContain(`"'+254700000101"`);
    const all = await h.call('GET', '/api/v1/outlets/export.csv?sort=-today_total', {
      token: admin,
    });
    const lines = (await all.text()).split('\r\n').filter((l) => /^"u-/.test(l));
    const json = ids(await list('?sort=-today_total&limit=100'));
    expect(lines.map((l) => l.slice(1, l.indexOf('"', 1)))).toEqual(json);
    const header = text.split('\r\n')[0]!;
    expect(header.startsWith('"id","name","phone"')).toBe(true);
    const flagged = await (
      await h.call('GET', '/api/v1/outlets/export.csv?flag=repeat_number', { token: admin })
    ).text();
    expect(flagged).toContain('5 sales to +254712345678 today');
  });
});

describe('GET /api/v1/outlets/:id/daily', () => {
  const today = () => dayIn(h.clock.now(), TZ);
  it('gives every day of the range, zeros included', async () => {
    const from = addDays(today(), -2);
    const res = await h.call('GET', `/api/v1/outlets/u-q-2/daily?from=${from}&to=${today()}`, {
      token: manager,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { day: from, count: 0, total: 0, commission: 0, failed: 0 },
      { day: addDays(today(), -1), count: 0, total: 0, commission: 0, failed: 0 },
      { day: today(), count: 1, total: 2_000, commission: 120, failed: 1 },
    ]);
    const last30 = (await (
      await h.call('GET', '/api/v1/outlets/u-q-2/daily', { token: admin })
    ).json()) as unknown[];
    expect(last30).toHaveLength(30);
  });
  it('refuses bad days, from after to and ranges over 400 days; 404 out of scope', async () => {
    for (const q of [
      'from=2026-02-30&to=2026-03-01',
      'from=yesterday&to=2026-03-01',
      'from=2026-03-02&to=2026-03-01',
      'from=2025-01-01&to=2026-02-05',
    ]) {
      const res = await h.call('GET', `/api/v1/outlets/u-q-2/daily?${q}`, { token: admin });
      expect([q, res.status, await code(res)]).toEqual([q, 400, 'invalid_query']);
    }
    expect(
      (
        await h.call('GET', '/api/v1/outlets/u-q-2/daily?from=2025-01-01&to=2026-02-04', {
          token: admin,
        })
      ).status,
    ).toBe(200);
    expect((await h.call('GET', '/api/v1/outlets/u-q-2/daily', { token: north })).status).toBe(404);
    expect(
      (await h.call('GET', '/api/v1/outlets/u-north-1/daily', { token: manager })).status,
    ).toBe(404);
    expect(
      (await h.call('GET', '/api/v1/outlets/u-q-2/daily', { token: distributor })).status,
    ).toBe(404);
    expect((await h.call('GET', '/api/v1/outlets/u-q-2/daily', { token: retailer })).status).toBe(
      403,
    );
    expect((await h.call('GET', '/api/v1/outlets/u-q-2/daily')).status).toBe(401);
  });
});

describe('GET /api/v1/outlets/:id/sales', () => {
  it('filters by day range and status, and answers CSV', async () => {
    const statuses = async (q: string) =>
      (
        (await (
          await h.call('GET', `/api/v1/outlets/u-q-2/sales?${q}`, { token: manager })
        ).json()) as {
          items: { status: string }[];
        }
      ).items.map((s) => s.status);
    expect((await statuses('')).sort()).toEqual(['failed', 'succeeded']);
    expect(await statuses('status=failed')).toEqual(['failed']);
    const today = dayIn(h.clock.now(), TZ);
    expect(await statuses(`from=${addDays(today, 1)}`)).toEqual([]);
    expect(await statuses(`to=${addDays(today, -1)}`)).toEqual([]);
    expect((await statuses(`from=${today}&to=${today}`)).length).toBe(2);
    const csv = await h.call('GET', '/api/v1/outlets/u-q-2/sales?format=csv&status=succeeded', {
      token: manager,
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('"status"');
    expect(lines.slice(1).map((l) => l.includes('"succeeded"'))).toEqual([true]);
  });
  it('refuses bad filters and other regions', async () => {
    for (const q of [
      'status=lost',
      'from=2026-13-01',
      'format=xml',
      'from=2026-03-02&to=2026-03-01',
    ]) {
      const res = await h.call('GET', `/api/v1/outlets/u-q-2/sales?${q}`, { token: admin });
      expect([q, res.status, await code(res)]).toEqual([q, 400, 'invalid_query']);
    }
    expect((await h.call('GET', '/api/v1/outlets/u-q-2/sales', { token: north })).status).toBe(404);
    expect(
      (await h.call('GET', '/api/v1/outlets/u-q-2/sales?format=csv', { token: north })).status,
    ).toBe(404);
    expect((await h.call('GET', '/api/v1/outlets/u-q-2', { token: north })).status).toBe(404);
  });
});
