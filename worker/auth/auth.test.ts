import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, DEMO_PIN } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { hashSecret } from './kdf';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  // Give a retailer an email and a manager a phone and a PIN-shaped password, so that
  // only the role rule (not a missing column) can keep them out of the other form.
  await h.database.client.execute(
    `UPDATE users SET email = 'shop103@demo.airload' WHERE id = 'u-ret-103'`,
  );
  await h.database.client.execute({
    sql: `INSERT INTO users (id, role, name, phone, email, secret_hash, created_at)
          VALUES ('u-manager-2', 'manager', 'Second Manager', '+254700000301', 'manager2@demo.airload', ?, 0)`,
    args: [await hashSecret('2468', h.config.KDF_ITERATIONS)],
  });
});
afterAll(() => h.close());

const login = (body: unknown) => h.call('POST', '/api/v1/auth/login', { body });

async function expectInvalidCredentials(res: Response) {
  expect(res.status).toBe(401);
  return (await res.json()) as { error: { code: string; message: string } };
}

describe('login', () => {
  it('replaces a hash of the old single-call format in the login’s own write (issue 14 item 4)', async () => {
    // The format before issue 14: one PBKDF2 call, `pbkdf2-sha256$<count>$<salt>$<hash>`.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(DEMO_PIN),
      'PBKDF2',
      false,
      ['deriveBits'],
    );
    const bits = await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1_000 },
      key,
      256,
    );
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const old = `pbkdf2-sha256$1000$${b64(salt)}$${b64(new Uint8Array(bits))}`;
    await h.database.client.execute({
      sql: `UPDATE users SET secret_hash = ? WHERE id = 'u-ret-102'`,
      args: [old],
    });
    const stored = async () =>
      String(
        (await h.database.client.execute(`SELECT secret_hash FROM users WHERE id = 'u-ret-102'`))
          .rows[0]!.secret_hash,
      );

    const write = vi.spyOn(h.deps.writer, 'write');
    const res = await login({ phone: '0700000102', pin: DEMO_PIN });
    expect(res.status).toBe(200);
    expect(write).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(write.mock.calls[0]![0])).toContain('secret_hash');
    write.mockRestore();
    const upgraded = await stored();
    expect(upgraded).toMatch(new RegExp(`^pbkdf2-sha256-chain\\$${h.config.KDF_ITERATIONS}\\$`));

    // The new hash logs in, and is not replaced again.
    expect((await login({ phone: '0700000102', pin: DEMO_PIN })).status).toBe(200);
    expect(await stored()).toBe(upgraded);
    // A wrong PIN replaces nothing.
    await h.database.client.execute({
      sql: `UPDATE users SET secret_hash = ? WHERE id = 'u-ret-102'`,
      args: [old],
    });
    expect((await login({ phone: '0700000102', pin: '9999' })).status).toBe(401);
    expect(await stored()).toBe(old);
    await h.database.client.execute(`UPDATE users SET failed_logins = 0 WHERE id = 'u-ret-102'`);
  });

  it('logs a retailer in with phone and PIN, in local form or E.164', async () => {
    for (const phone of ['0700000101', '+254700000101']) {
      const res = await login({ phone, pin: DEMO_PIN });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; user: { id: string; role: string } };
      expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(body.user).toMatchObject({ id: 'u-ret-101', role: 'retailer' });
    }
  });

  it('logs a manager in with email and password', async () => {
    const res = await login({ email: 'manager@demo.airload', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: { id: string; role: string } };
    expect(body.user).toMatchObject({ id: 'u-manager', role: 'manager' });
    expect(body.token.length).toBeGreaterThan(20);
  });

  it('gives the same answer for a wrong PIN, an unknown phone and a wrong password', async () => {
    const answers = [
      await expectInvalidCredentials(await login({ phone: '0700000102', pin: '9999' })),
      await expectInvalidCredentials(await login({ phone: '0700000999', pin: DEMO_PIN })),
      await expectInvalidCredentials(
        await login({ email: 'admin@demo.airload', password: 'not-the-password' }),
      ),
      await expectInvalidCredentials(
        await login({ email: 'nobody@demo.airload', password: DEMO_PASSWORD }),
      ),
    ];
    for (const answer of answers) {
      expect(answer).toEqual(answers[0]);
      expect(answer.error.code).toBe('invalid_credentials');
    }
  });

  it('does not let a retailer log in with the email form', async () => {
    // The same secret logs u-ret-103 in by phone, so only the form is refused.
    expect((await login({ phone: '0700000103', pin: DEMO_PIN })).status).toBe(200);
    const res = await login({ email: 'shop103@demo.airload', password: DEMO_PIN });
    expect((await expectInvalidCredentials(res)).error.code).toBe('invalid_credentials');
  });

  it('does not let staff log in with the phone form', async () => {
    expect((await login({ email: 'manager2@demo.airload', password: '2468' })).status).toBe(200);
    const res = await login({ phone: '0700000301', pin: '2468' });
    expect((await expectInvalidCredentials(res)).error.code).toBe('invalid_credentials');
  });
});

describe('tokens', () => {
  const wallet = (headers: Record<string, string>) => h.call('GET', '/api/v1/wallet', { headers });

  async function expectUnauthenticated(res: Response) {
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
  }

  it('lets a valid token through', async () => {
    const token = await h.login('+254700000101');
    const res = await wallet({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
  });

  it('refuses a request with no token', async () => {
    await expectUnauthenticated(await wallet({}));
  });

  it('refuses a token whose signature was changed', async () => {
    const token = await h.login('+254700000101');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // A character in the middle: the last one may only carry base64 padding bits.
    const i = 10;
    const flipped = signature[i] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
    await expectUnauthenticated(await wallet({ authorization: `Bearer ${tampered}` }));
  });

  it('refuses a token whose claims were changed', async () => {
    const token = await h.login('+254700000101');
    const [header, , signature] = token.split('.') as [string, string, string];
    const now = Math.floor(h.clock.now() / 1000);
    const claims = { sub: 'u-ret-102', role: 'retailer', iat: now, exp: now + 3600 };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    await expectUnauthenticated(
      await wallet({ authorization: `Bearer ${header}.${payload}.${signature}` }),
    );
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(h.clock.now() / 1000);
    const expired = await sign(
      { sub: 'u-ret-101', role: 'retailer', iat: now - 7200, exp: now - 60 },
      h.deps.jwtSecret,
      'HS256',
    );
    await expectUnauthenticated(await wallet({ authorization: `Bearer ${expired}` }));
  });

  it('refuses a token signed with another secret', async () => {
    const now = Math.floor(h.clock.now() / 1000);
    const forged = await sign(
      { sub: 'u-ret-101', role: 'retailer', iat: now, exp: now + 3600 },
      'another-secret-that-is-at-least-32-characters',
      'HS256',
    );
    await expectUnauthenticated(await wallet({ authorization: `Bearer ${forged}` }));
  });

  it('expires a token when the app clock passes its lifetime', async () => {
    const token = await h.login('+254700000101');
    h.clock.advance(h.config.TOKEN_TTL_S * 1000 - 1_000);
    expect((await wallet({ authorization: `Bearer ${token}` })).status).toBe(200);
    h.clock.advance(1_000);
    await expectUnauthenticated(await wallet({ authorization: `Bearer ${token}` }));
    // A new login stamps a new token on the same clock.
    const fresh = await h.login('+254700000101');
    expect((await wallet({ authorization: `Bearer ${fresh}` })).status).toBe(200);
  });

  it('forbids a manager to sell', async () => {
    const token = await h.login('manager@demo.airload');
    const before = await h.count('sales');
    const res = await h.sell(token, 'manager-sells-1', { msisdn: '0712345678', amount: 1_000 });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(await h.count('sales')).toBe(before);
  });
});
