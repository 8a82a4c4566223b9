import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { DEMO_PIN } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';
import { AppError } from '../errors';
import type { OutletView } from '../outlets/view';
import { checkSecret, LOCK_AFTER, LOCK_MS } from './service';

let h: Harness;

beforeAll(async () => {
  // Rate limits out of the way: this file is about the lockout in the database.
  h = await createHarness({
    env: { LOGIN_RATE_PER_ACCOUNT: '1000', LOGIN_RATE_PER_ADDRESS: '1000' },
  });
  await addUsers(
    h,
    [
      {
        id: 'u-manager-n',
        role: 'manager',
        name: 'North Manager',
        email: 'manager@north.airload',
        regionId: 'r-north',
      },
    ],
    [{ sql: `INSERT INTO regions (id, name) VALUES ('r-north', 'North')`, args: [] }],
  );
});
afterAll(() => h.close());

const login = (phone: string, pin: string) =>
  h.call('POST', '/api/v1/auth/login', { body: { phone, pin } });

const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

async function wrongPins(phone: string, times: number) {
  const codes: Array<[number, string]> = [];
  for (let i = 0; i < times; i++) {
    const res = await login(phone, '0000');
    codes.push([res.status, await errorCode(res)]);
  }
  return codes;
}

const userRow = async (id: string) =>
  (await h.deps.db.select().from(users).where(eq(users.id, id)))[0]!;

describe('lockout', () => {
  it('locks after five wrong PINs, even against the right PIN, until 15 minutes pass', async () => {
    const codes = await wrongPins('+254700000101', LOCK_AFTER);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill([401, 'invalid_credentials']));
    expect(codes[4]).toEqual([423, 'account_locked']);
    const right = await login('+254700000101', DEMO_PIN);
    expect([right.status, await errorCode(right)]).toEqual([423, 'account_locked']);

    h.clock.advance(LOCK_MS - 1_000);
    expect((await login('+254700000101', DEMO_PIN)).status).toBe(423);
    h.clock.advance(1_000);
    expect((await login('+254700000101', DEMO_PIN)).status).toBe(200);
  });

  it('starts the count again after a right PIN', async () => {
    await wrongPins('+254700000102', LOCK_AFTER - 1);
    expect((await login('+254700000102', DEMO_PIN)).status).toBe(200);
    const codes = await wrongPins('+254700000102', LOCK_AFTER - 1);
    expect(codes).toEqual(Array(LOCK_AFTER - 1).fill([401, 'invalid_credentials']));
    expect((await login('+254700000102', DEMO_PIN)).status).toBe(200);
  });

  it('counts wrong PINs on every channel together', async () => {
    for (const channel of ['ussd', 'ussd', 'sms', 'app']) {
      const error = await checkSecret(h.deps, await userRow('u-ret-103'), '0000', channel).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe('invalid_credentials');
    }
    // The fifth, by the app, locks; so does the lock refuse USSD the right PIN.
    expect(await wrongPins('+254700000103', 1)).toEqual([[423, 'account_locked']]);
    const ussd = await checkSecret(h.deps, await userRow('u-ret-103'), DEMO_PIN, 'ussd').catch(
      (e) => e,
    );
    expect(ussd.code).toBe('account_locked');
    const { rows } = await h.database.client.execute(
      `SELECT channel FROM audit_log WHERE action = 'login_failed' AND subject = 'u-ret-103' ORDER BY seq`,
    );
    expect(rows.map((r) => r.channel)).toEqual(['ussd', 'ussd', 'sms', 'app', 'app']);
  });

  it('shows the lock to the region’s manager, who lifts it; another region’s manager cannot', async () => {
    const manager = await h.login('manager@demo.airload');
    const north = await h.login('manager@north.airload');
    const outlets = async () =>
      (
        (await (await h.call('GET', '/api/v1/outlets', { token: manager })).json()) as {
          items: OutletView[];
        }
      ).items;
    const locked = (await outlets()).find((o) => o.id === 'u-ret-103')!;
    expect(Date.parse(locked.locked_until!)).toBe((await userRow('u-ret-103')).lockedUntil);
    expect(Date.parse(locked.locked_until!)).toBeGreaterThan(h.clock.now());

    const refused = await h.call('POST', '/api/v1/users/u-ret-103/unlock', { token: north });
    expect(refused.status).toBe(404);
    expect((await login('+254700000103', DEMO_PIN)).status).toBe(423);
    const retailer = await h.login('+254700000101');
    expect(
      (await h.call('POST', '/api/v1/users/u-ret-103/unlock', { token: retailer })).status,
    ).toBe(403);

    const res = await h.call('POST', '/api/v1/users/u-ret-103/unlock', { token: manager });
    expect(res.status).toBe(204);
    expect((await outlets()).find((o) => o.id === 'u-ret-103')!.locked_until).toBeNull();
    expect((await login('+254700000103', DEMO_PIN)).status).toBe(200);
    const { rows } = await h.database.client.execute(
      `SELECT actor_id FROM audit_log WHERE action = 'unlock' AND subject = 'u-ret-103'`,
    );
    expect(rows.map((r) => r.actor_id)).toEqual(['u-manager']);
  });

  it('audits every failed login, and also staff password failures', async () => {
    const before = await h.count('audit_log');
    await h.call('POST', '/api/v1/auth/login', {
      body: { email: 'admin@demo.airload', password: 'wrong-password' },
    });
    await wrongPins('+254700000201', 2);
    const { rows } = await h.database.client.execute({
      sql: `SELECT actor_id, subject FROM audit_log WHERE action = 'login_failed' AND seq > ? ORDER BY seq`,
      args: [before],
    });
    expect(rows.map((r) => [r.actor_id, r.subject])).toEqual([
      ['u-admin', 'u-admin'],
      ['u-dist-201', 'u-dist-201'],
      ['u-dist-201', 'u-dist-201'],
    ]);
  });
});
