import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';

interface Entry {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  channel: string;
  subject: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}
interface Page {
  items: Entry[];
  next_cursor: string | null;
}

let h: Harness;
let admin: string;
let retailer: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.login('admin@demo.airload');
  retailer = await h.login('+254700000101');
});
afterAll(() => h.close());

/** The newest audit entry with `action`, read through the admin route. */
async function latest(action: string): Promise<Entry> {
  const res = await h.call('GET', `/api/v1/audit?action=${action}&limit=1`, { token: admin });
  expect(res.status).toBe(200);
  const page = (await res.json()) as Page;
  expect(page.items).toHaveLength(1);
  return page.items[0]!;
}

/** Moves the clock so each action has its own time, and returns that time as the API shows it. */
function tick(): string {
  h.clock.advance(60_000);
  return new Date(h.clock.now()).toISOString();
}

/** Expects the newest `action` entry: done at `at` by `actor` (id and role) through the app. */
async function expectRecorded(
  action: string,
  at: string,
  [actorId, actorRole]: [string, string],
  rest: Partial<Entry>,
): Promise<void> {
  expect(await latest(action)).toMatchObject({
    at,
    actor_id: actorId,
    actor_role: actorRole,
    channel: 'app',
    ...rest,
  });
}

const entryCount = () => h.count('audit_log');

describe('the audit log records who did what, when, from which channel', () => {
  it('records a login', async () => {
    const at = tick();
    await h.login('+254700000102');
    await expectRecorded('login', at, ['u-ret-102', 'retailer'], { subject: 'u-ret-102' });
  });

  it('records a failed login against the account tried', async () => {
    const at = tick();
    const res = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: '+254700000103', pin: '9999' },
    });
    expect(res.status).toBe(401);
    await expectRecorded('login_failed', at, ['u-ret-103', 'retailer'], { subject: 'u-ret-103' });
  });

  it('records a sale with the sale as its subject', async () => {
    const at = tick();
    const res = await h.sell(retailer, 'audit-sale-1', { msisdn: '0712345678', amount: 10_000 });
    expect(res.status).toBe(201);
    const sale = (await res.json()) as { id: string };
    await expectRecorded('sale', at, ['u-ret-101', 'retailer'], {
      subject: sale.id,
      detail: { msisdn: '+254712345678', amount: 10_000 },
    });
  });

  it('records a sale rejected for insufficient funds, with the key and the code', async () => {
    const poor = { id: 'u-ret-poor', name: 'Poor outlet', phone: '+254700000109' };
    await addUsers(h, [{ ...poor, role: 'retailer', funding: 1_000 }]);
    const token = await h.login(poor.phone);
    const at = tick();
    const res = await h.sell(token, 'audit-poor-1', { msisdn: '0712345678', amount: 5_000 });
    expect(res.status).toBe(402);
    await expectRecorded('sale_rejected', at, ['u-ret-poor', 'retailer'], {
      subject: null,
      detail: { key: 'audit-poor-1', code: 'insufficient_funds' },
    });
  });

  it('records a reversal against the reversed sale', async () => {
    const res = await h.sell(retailer, 'audit-sale-2', { msisdn: '0712345678', amount: 20_000 });
    const sale = (await res.json()) as { id: string; status: string };
    await h.settled();
    const at = tick();
    const reversal = await h.call('POST', `/api/v1/sales/${sale.id}/reversal`, {
      token: retailer,
    });
    expect(reversal.status).toBe(200);
    await expectRecorded('reversal', at, ['u-ret-101', 'retailer'], {
      subject: sale.id,
      detail: { amount: 20_000 },
    });
  });

  it('records a funding by the admin who made it, against the funded outlet', async () => {
    const at = tick();
    const res = await h.call('POST', '/api/v1/admin/fundings', {
      token: admin,
      body: { phone: '+254700000102', amount: 30_000, reference: 'audit-slip-1' },
    });
    expect(res.status).toBe(201);
    await expectRecorded('funding', at, ['u-admin', 'admin'], {
      subject: 'u-ret-102',
      detail: { amount: 30_000, reference: 'audit-slip-1' },
    });
  });

  it('pages newest first and filters by actor, action and subject', async () => {
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const res = await h.call('GET', `/api/v1/audit?limit=3${q}`, { token: admin });
      const page = (await res.json()) as Page;
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.next_cursor;
    }
    const total = await entryCount();
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));

    const res = await h.call('GET', '/api/v1/audit?actor_id=u-ret-101&action=sale', {
      token: admin,
    });
    const mine = (await res.json()) as Page;
    expect(mine.items.length).toBe(2);
    expect(mine.items.every((e) => e.actor_id === 'u-ret-101' && e.action === 'sale')).toBe(true);
    const bySubject = await h.call('GET', '/api/v1/audit?subject=u-ret-102', { token: admin });
    const subjects = ((await bySubject.json()) as Page).items.map((e) => e.action);
    expect(subjects).toEqual(['funding', 'login']);

    const bad = await h.call('GET', '/api/v1/audit?cursor=abc', { token: admin });
    expect(bad.status).toBe(400);
  });
});

describe('the audit routes are admin-only', () => {
  it.each(['/api/v1/audit', '/api/v1/audit/verify'])(
    '%s: 401 without a token, 403 for others',
    async (path) => {
      expect((await h.call('GET', path)).status).toBe(401);
      for (const who of ['+254700000101', '+254700000201', 'manager@demo.airload']) {
        const res = await h.call('GET', path, { token: await h.login(who) });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
      }
      expect((await h.call('GET', path, { token: admin })).status).toBe(200);
    },
  );
});
