import { afterAll, describe, expect, it } from 'vitest';
import { inboundSms, screen, smsTo, ussd } from '../../test/channels/support';
import { createHarness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';

/**
 * Issue 11's onboarding: an admin makes users of every role with a first secret shown
 * once (phones in E.164, a duplicate refused), changes them, never moves one between
 * regions, and a deactivated user is refused on every channel.
 */

const h = await createHarness();
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});
const admin = await h.login('admin@demo.airload');

interface Onboarded {
  user: { id: string; phone: string | null; email: string | null; role: string; active: boolean };
  secret: string;
}

const onboard = (body: unknown, token = admin) => h.call('POST', '/api/v1/users', { token, body });
const patch = (id: string, body: unknown, token = admin) =>
  h.call('PATCH', `/api/v1/users/${id}`, { token, body });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;
/** What a refused request must leave as it was. */
const written = async () => [
  await h.count('users'),
  await h.count('accounts'),
  await h.count('audit_log'),
];

async function newRegion(name: string, timezone?: string) {
  const res = await h.call('POST', '/api/v1/regions', {
    token: admin,
    body: { name, ...(timezone ? { timezone } : {}) },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('onboarding', () => {
  it('makes a retailer with its phone in E.164, a wallet and commission account, an audit entry, and a PIN that logs in', async () => {
    const res = await onboard({
      role: 'retailer',
      name: 'Mama Njeri Shop',
      phone: '0711 222 333',
      region_id: 'r-demo',
      distributor_id: 'u-dist-201',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { user, secret } = (await res.json()) as Onboarded;
    expect(user).toMatchObject({ phone: '+254711222333', role: 'retailer', active: true });
    expect(secret).toMatch(/^\d{6}$/);
    const accounts = await h.database.client.execute({
      sql: 'SELECT kind FROM accounts WHERE user_id = ? ORDER BY kind',
      args: [user.id],
    });
    expect(accounts.rows.map((r) => r.kind)).toEqual(['commission', 'wallet']);
    const audit = await h.database.client.execute({
      sql: `SELECT actor_id, detail FROM audit_log WHERE action = 'user_onboard' AND subject = ?`,
      args: [user.id],
    });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.actor_id).toBe('u-admin');
    expect(JSON.parse(String(audit.rows[0]!.detail))).toMatchObject({
      distributor_id: 'u-dist-201',
    });
    // The secret is never stored as given.
    const stored = await h.database.client.execute({
      sql: 'SELECT secret_hash FROM users WHERE id = ?',
      args: [user.id],
    });
    expect(String(stored.rows[0]!.secret_hash)).not.toContain(secret);
    await h.login('+254711222333', secret);
  });

  it('gives staff a password, and managers and distributors a region', async () => {
    const manager = (await (
      await onboard({
        role: 'manager',
        name: 'New Manager',
        email: 'New.Manager@Example.com',
        region_id: 'r-demo',
      })
    ).json()) as Onboarded;
    expect(manager.user.email).toBe('new.manager@example.com');
    expect(manager.secret.length).toBeGreaterThanOrEqual(16);
    await h.login('new.manager@example.com', manager.secret);
    const distributor = await onboard({
      role: 'distributor',
      name: 'New Dist',
      phone: '+254711222444',
      region_id: 'r-demo',
    });
    expect(distributor.status).toBe(201);
  });

  it('refuses a phone or email that exists, in any form, with 409 and writes nothing', async () => {
    const before = await written();
    const phone = await onboard({
      role: 'retailer',
      name: 'Again',
      phone: '0700 000101',
      region_id: 'r-demo',
    });
    expect(phone.status).toBe(409);
    expect(await errorCode(phone)).toBe('phone_taken');
    const email = await onboard({ role: 'admin', name: 'Again', email: 'ADMIN@demo.airload' });
    expect(email.status).toBe(409);
    expect(await errorCode(email)).toBe('email_taken');
    expect(await written()).toEqual(before);
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const north = await newRegion('Onboarding North');
    const before = await written();
    const bodies: [unknown, string][] = [
      [{ role: 'retailer', name: 'x', region_id: 'r-demo' }, 'invalid_request'],
      [{ role: 'retailer', name: 'x', phone: '12345', region_id: 'r-demo' }, 'invalid_msisdn'],
      [
        {
          role: 'retailer',
          name: 'x',
          phone: '+254711222555',
          email: 'a@b.co',
          region_id: 'r-demo',
        },
        'invalid_request',
      ],
      [
        { role: 'manager', name: 'x', phone: '+254711222555', region_id: 'r-demo' },
        'invalid_request',
      ],
      [{ role: 'retailer', name: 'x', phone: '+254711222555' }, 'invalid_request'],
      [
        { role: 'retailer', name: 'x', phone: '+254711222555', region_id: 'r-nowhere' },
        'invalid_request',
      ],
      [
        {
          role: 'retailer',
          name: 'x',
          phone: '+254711222555',
          region_id: north,
          distributor_id: 'u-dist-201',
        },
        'invalid_request',
      ],
      [
        {
          role: 'retailer',
          name: 'x',
          phone: '+254711222555',
          region_id: 'r-demo',
          distributor_id: 'u-ret-101',
        },
        'invalid_request',
      ],
      [
        {
          role: 'distributor',
          name: 'x',
          phone: '+254711222555',
          region_id: 'r-demo',
          distributor_id: 'u-dist-201',
        },
        'invalid_request',
      ],
      [{ role: 'boss', name: 'x', email: 'a@b.co' }, 'invalid_request'],
      [{ role: 'admin', name: '', email: 'a@b.co' }, 'invalid_request'],
      [{ role: 'admin', name: 'x', email: 'a@b.co', extra: 1 }, 'invalid_request'],
    ];
    for (const [body, code] of bodies) {
      const res = await onboard(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe(code);
    }
    expect(await written()).toEqual(before);
  });

  it('is the admin’s alone: every other role gets 403 on every onboarding route', async () => {
    const tokens = [
      await h.login('+254700000101'),
      await h.login('+254700000201'),
      await h.login('manager@demo.airload'),
    ];
    const before = await written();
    for (const token of tokens) {
      for (const res of [
        await onboard(
          { role: 'retailer', name: 'x', phone: '+254711222666', region_id: 'r-demo' },
          token,
        ),
        await patch('u-ret-102', { name: 'x' }, token),
        await h.call('GET', '/api/v1/users', { token }),
        await h.call('GET', '/api/v1/regions', { token }),
        await h.call('POST', '/api/v1/regions', { token, body: { name: 'x' } }),
      ])
        expect(res.status).toBe(403);
    }
    expect(await written()).toEqual(before);
  });
});

describe('changing a user', () => {
  it('renames, and moves a retailer to another distributor of its region only', async () => {
    const other = (await (
      await onboard({
        role: 'distributor',
        name: 'Second Dist',
        phone: '+254711222777',
        region_id: 'r-demo',
      })
    ).json()) as Onboarded;
    const res = await patch('u-ret-103', {
      name: 'Shop 103 renamed',
      distributor_id: other.user.id,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'Shop 103 renamed',
      distributor_id: other.user.id,
    });
    const [row] = (
      await h.database.client.execute(`SELECT distributor_id FROM users WHERE id = 'u-ret-103'`)
    ).rows;
    expect(row!.distributor_id).toBe(other.user.id);
    await patch('u-ret-103', { distributor_id: 'u-dist-201' });

    const far = await newRegion('Far Region');
    const farDist = (await (
      await onboard({
        role: 'distributor',
        name: 'Far Dist',
        phone: '+254711222888',
        region_id: far,
      })
    ).json()) as Onboarded;
    const refused = await patch('u-ret-103', { distributor_id: farDist.user.id });
    expect(refused.status).toBe(400);
  });

  it('refuses a region change with 409 region_change_not_supported and changes nothing', async () => {
    const far = await newRegion('Elsewhere');
    const before = await written();
    const res = await patch('u-ret-102', { region_id: far, name: 'Moved?' });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('region_change_not_supported');
    const [row] = (
      await h.database.client.execute(`SELECT region_id, name FROM users WHERE id = 'u-ret-102'`)
    ).rows;
    expect(row).toMatchObject({ region_id: 'r-demo', name: 'Demo Shop 102' });
    expect(await written()).toEqual(before);
    // The same region again is no change.
    expect((await patch('u-ret-102', { region_id: 'r-demo' })).status).toBe(200);
  });

  it('answers 404 for no such user and 400 for an empty change', async () => {
    expect((await patch('u-nobody', { name: 'x' })).status).toBe(404);
    expect((await patch('u-ret-102', {})).status).toBe(400);
  });
});

describe('deactivation', () => {
  it('ends the sessions and refuses app login, refresh, USSD and SMS; reactivation lets it back', async () => {
    const { user, secret } = (await (
      await onboard({
        role: 'retailer',
        name: 'Soon Gone',
        phone: '+254711333111',
        region_id: 'r-demo',
        distributor_id: 'u-dist-201',
      })
    ).json()) as Onboarded;
    const login = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: user.phone, pin: secret },
    });
    const { token, refresh_token } = (await login.json()) as {
      token: string;
      refresh_token: string;
    };
    expect((await h.call('GET', '/api/v1/wallet', { token })).status).toBe(200);

    const off = await patch(user.id, { active: false });
    expect(off.status).toBe(200);
    expect(((await off.json()) as { active: boolean }).active).toBe(false);
    const open = await h.database.client.execute({
      sql: 'SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL',
      args: [user.id],
    });
    expect(Number(open.rows[0]!.n)).toBe(0);

    expect((await h.call('GET', '/api/v1/wallet', { token })).status).toBe(401);
    const refreshed = await h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token } });
    expect(refreshed.status).toBe(401);
    const again = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: user.phone, pin: secret },
    });
    expect(again.status).toBe(403);
    expect(await errorCode(again)).toBe('account_deactivated');
    expect(await screen(await ussd(h.app, 'ATUid_deactivated', user.phone!, ''))).toMatch(
      /^END .*register/,
    );
    await inboundSms(h.app, 'sms-deactivated-1', user.phone!, `BAL ${secret}`);
    expect((await smsTo(h, user.phone!)).at(-1)?.text).toMatch(/register/);

    expect((await patch(user.id, { active: true })).status).toBe(200);
    await h.login(user.phone!, secret);
    expect(await screen(await ussd(h.app, 'ATUid_reactivated', user.phone!, ''))).toMatch(/^CON /);
  });

  it('refuses a staff login once deactivated, and an admin deactivating itself', async () => {
    const { user, secret } = (await (
      await onboard({
        role: 'manager',
        name: 'Gone Manager',
        email: 'gone@example.com',
        region_id: 'r-demo',
      })
    ).json()) as Onboarded;
    await patch(user.id, { active: false });
    const res = await h.call('POST', '/api/v1/auth/login', {
      body: { email: 'gone@example.com', password: secret },
    });
    expect(res.status).toBe(403);
    expect((await patch('u-admin', { active: false })).status).toBe(403);
  });
});

describe('user search', () => {
  it('finds users by a number as typed, by name and by role', async () => {
    const search = async (query: string) =>
      (
        (await (await h.call('GET', `/api/v1/users?${query}`, { token: admin })).json()) as {
          items: { id: string; role: string }[];
        }
      ).items;
    expect((await search('q=0700000101')).map((u) => u.id)).toEqual(['u-ret-101']);
    expect((await search('q=Demo%20Dist')).map((u) => u.id)).toContain('u-dist-201');
    const staff = await search('role=manager&limit=100');
    expect(staff.length).toBeGreaterThan(0);
    expect(staff.every((u) => u.role === 'manager')).toBe(true);
    // LIKE's wildcards are the characters themselves.
    expect(await search('q=%25')).toEqual([]);
    expect((await h.call('GET', '/api/v1/users?role=boss', { token: admin })).status).toBe(400);
  });
});
