import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PIN } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers, SECOND_DISTRIBUTOR } from '../../test/support/users';

interface Tokens {
  token: string;
  refresh_token: string;
}

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await addUsers(h, SECOND_DISTRIBUTOR);
});
afterAll(() => h.close());

async function login(phone: string, pin = DEMO_PIN): Promise<Tokens> {
  const res = await h.call('POST', '/api/v1/auth/login', { body: { phone, pin } });
  expect(res.status).toBe(200);
  return (await res.json()) as Tokens;
}

const refresh = (refresh_token: string) =>
  h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token } });

const walletStatus = async (token: string) =>
  (await h.call('GET', '/api/v1/wallet', { token })).status;

describe('sessions', () => {
  it('rotates the refresh token: the spent one no longer works', async () => {
    const first = await login('+254700000101');
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as Tokens;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await walletStatus(second.token)).toBe(200);
    expect((await refresh(first.refresh_token)).status).toBe(401);
  });

  it('ends the whole session when a spent refresh token is replayed', async () => {
    const first = await login('+254700000101');
    const second = (await (await refresh(first.refresh_token)).json()) as Tokens;
    // Someone replays the spent token (a copy was stolen): neither copy may go on.
    expect((await refresh(first.refresh_token)).status).toBe(401);
    expect((await refresh(second.refresh_token)).status).toBe(401);
    expect(await walletStatus(second.token)).toBe(401);
  });

  it('revokes the access and refresh tokens at logout, and only that session', async () => {
    const other = await login('+254700000101');
    const session = await login('+254700000101');
    const res = await h.call('POST', '/api/v1/auth/logout', { token: session.token });
    expect(res.status).toBe(204);
    expect(await walletStatus(session.token)).toBe(401);
    expect((await refresh(session.refresh_token)).status).toBe(401);
    expect(await walletStatus(other.token)).toBe(200);
  });

  it('ends every session at a PIN change, and the new PIN works', async () => {
    const phone = await login('+254700000102');
    const tablet = await login('+254700000102');
    const res = await h.call('POST', '/api/v1/auth/secret', {
      token: phone.token,
      body: { current: DEMO_PIN, next: '2468' },
    });
    expect(res.status).toBe(204);
    expect(await walletStatus(phone.token)).toBe(401);
    expect(await walletStatus(tablet.token)).toBe(401);
    expect((await refresh(tablet.refresh_token)).status).toBe(401);
    const old = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: '+254700000102', pin: DEMO_PIN },
    });
    expect(old.status).toBe(401);
    expect(await walletStatus((await login('+254700000102', '2468')).token)).toBe(200);
  });
});

describe('PIN reset', () => {
  const reset = (id: string, token: string) =>
    h.call('POST', `/api/v1/users/${id}/pin-reset`, { token });

  it('lets a distributor reset its retailer’s PIN, shown once, ending its sessions', async () => {
    const shop = await login('+254700000103');
    const distributor = await h.login('+254700000201');
    const res = await reset('u-ret-103', distributor);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { pin } = (await res.json()) as { pin: string };
    expect(pin).toMatch(/^\d{6}$/);
    expect(await walletStatus(shop.token)).toBe(401);
    expect(
      (
        await h.call('POST', '/api/v1/auth/login', {
          body: { phone: '+254700000103', pin: DEMO_PIN },
        })
      ).status,
    ).toBe(401);
    expect(await walletStatus((await login('+254700000103', pin)).token)).toBe(200);
    const { rows } = await h.database.client.execute(
      `SELECT actor_id, detail FROM audit_log WHERE action = 'pin_reset' AND subject = 'u-ret-103'`,
    );
    expect(rows.map((r) => r.actor_id)).toEqual(['u-dist-201']);
    expect(String(rows[0]!.detail)).not.toContain(pin);
  });

  it('refuses another distributor’s retailer (404), its own PIN (403) and a manager (403)', async () => {
    const distributor = await h.login('+254700000201');
    expect((await reset('u-ret-301', distributor)).status).toBe(404);
    expect((await reset('u-dist-202', distributor)).status).toBe(404);
    expect((await reset('u-dist-201', distributor)).status).toBe(403);
    expect((await reset('u-ret-101', await h.login('manager@demo.airload'))).status).toBe(403);
    expect((await reset('u-ret-101', await h.login('+254700000101'))).status).toBe(403);
    // Nothing changed: the demo PIN still logs them in.
    await login('+254700000301');
    await login('+254700000201');
  });

  it('lets an admin reset any outlet’s PIN', async () => {
    const res = await reset('u-ret-301', await h.login('admin@demo.airload'));
    expect(res.status).toBe(200);
    const { pin } = (await res.json()) as { pin: string };
    await login('+254700000301', pin);
  });
});

describe('login rate limits', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await createHarness({
      env: { LOGIN_RATE_PER_ACCOUNT: '3', LOGIN_RATE_PER_ADDRESS: '5' },
    });
  });
  afterAll(() => limited.close());

  const attempt = (phone: string, address: string, pin = DEMO_PIN) =>
    limited.call('POST', '/api/v1/auth/login', {
      body: { phone, pin },
      headers: { 'cf-connecting-ip': address },
    });

  it('limits attempts per account, from any address, even with the right PIN', async () => {
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
      expect((await attempt('+254700000101', address, '0000')).status).toBe(401);
    const res = await attempt('+254700000101', '10.0.0.4');
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    limited.clock.advance(60_000);
    expect((await attempt('+254700000101', '10.0.0.4')).status).toBe(200);
  });

  it('limits attempts per address, across accounts', async () => {
    const phones = ['+254700000102', '+254700000103', '+254700000201', '+254700000102'];
    for (const phone of phones) expect((await attempt(phone, '10.0.9.9', '0000')).status).toBe(401);
    expect((await attempt('+254700000103', '10.0.9.9')).status).toBe(200);
    expect((await attempt('+254700000201', '10.0.9.9')).status).toBe(429);
    expect((await attempt('+254700000201', '10.0.9.10')).status).toBe(200);
  });
});
