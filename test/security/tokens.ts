import { sign } from 'hono/jwt';
import type { Role } from '../../db/schema';
import { accessToken, newSession } from '../../worker/auth/sessions';
import type { Harness } from '../support/harness';

interface User {
  id: string;
  role: Role;
}

/**
 * Sessions and tokens for the security tests' users: good ones made as login makes
 * them (without spending login attempts), and the bad kinds issue 3 names.
 */
export async function sessionTools(h: Harness, users: readonly User[]) {
  /** New sessions for `u`, in one write. */
  async function sessions(u: User, n: number) {
    const made = Array.from({ length: n }, () => newSession(h.deps, u.id, 'app'));
    await h.deps.writer.write(made.map((s) => s.statement));
    return Promise.all(
      made.map(async (s) => ({
        token: (await accessToken(h.deps, u, s.id)).token,
        refreshToken: s.refreshToken,
        sessionId: s.id,
      })),
    );
  }
  const session = async (u: User) => (await sessions(u, 1))[0]!;

  /**
   * Fresh tokens of `u` from sessions made ahead, `size` per write; each call gives one
   * whose session is still live (a logout, PIN change or freeze ends some or all).
   */
  function tokenPool(u: User, size = 20) {
    let pool: { token: string; sessionId: string }[] = [];
    return async () => {
      const ids = pool.map((s) => s.sessionId);
      const live = await h.database.client.execute({
        sql: `SELECT id FROM sessions WHERE revoked_at IS NULL AND id IN (${ids.map(() => '?').join(', ')})`,
        args: ids,
      });
      const alive = new Set(live.rows.map((r) => String(r.id)));
      pool = pool.filter((s) => alive.has(s.sessionId));
      if (pool.length === 0) pool = await sessions(u, size);
      return pool.pop()!.token;
    };
  }
  const token = async (u: User) => (await session(u)).token;

  /** An access token that expired a minute ago by the app's clock, for a live session. */
  async function expiredToken(u: User) {
    const { sessionId } = await session(u);
    const exp = Math.floor(h.clock.now() / 1000) - 60;
    const claims = { sub: u.id, role: u.role, sid: sessionId, iat: exp - 900, exp };
    return sign(claims, h.deps.jwtSecret, 'HS256');
  }

  /** A live token whose signature was changed. */
  async function tamperedToken(u: User) {
    const [head, payload, signature = ''] = (await token(u)).split('.');
    const first = signature.startsWith('A') ? 'B' : 'A';
    return `${head}.${payload}.${first}${signature.slice(1)}`;
  }

  /** Claims of a live session, signed with another key. */
  async function foreignKeyToken(u: User) {
    const { sessionId } = await session(u);
    const iat = Math.floor(h.clock.now() / 1000);
    const claims = { sub: u.id, role: u.role, sid: sessionId, iat, exp: iat + 900 };
    return sign(claims, `${h.deps.jwtSecret}-not-the-key`, 'HS256');
  }

  /** Claims of a live session with no signature at all (`alg: none`), promoting the caller to admin. */
  async function unsignedToken(u: User) {
    const { sessionId } = await session(u);
    const iat = Math.floor(h.clock.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { sub: u.id, role: 'admin', sid: sessionId, iat, exp: iat + 900 };
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
  }

  /** A token of a session that logged out (POST /auth/logout) before it is used. */
  async function revokedToken(u: User) {
    const t = await token(u);
    const res = await h.call('POST', '/api/v1/auth/logout', { token: t });
    if (res.status !== 204) throw new Error(`logout for the revoked token: ${res.status}`);
    return t;
  }

  const ids = users.map((u) => u.id);
  const stored = await h.database.client.execute({
    sql: `SELECT id, secret_hash FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`,
    args: ids,
  });
  const firstHash = new Map(stored.rows.map((r) => [String(r.id), String(r.secret_hash)]));

  /**
   * Puts back `u`'s secret as it was made (the same secret at one KDF iteration) after
   * a request changed it, so that later wrong guesses do not each pay the full KDF.
   */
  async function restoreSecret(u: User) {
    const hash = firstHash.get(u.id);
    const now = await h.database.client.execute({
      sql: 'SELECT secret_hash FROM users WHERE id = ?',
      args: [u.id],
    });
    if (!hash || String(now.rows[0]?.secret_hash) === hash) return;
    await h.deps.writer.write([
      { sql: 'UPDATE users SET secret_hash = ? WHERE id = ?', args: [hash, u.id] },
    ]);
  }

  return {
    sessions,
    session,
    tokenPool,
    token,
    expiredToken,
    tamperedToken,
    foreignKeyToken,
    unsignedToken,
    revokedToken,
    restoreSecret,
  };
}
