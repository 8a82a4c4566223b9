import type { InStatement } from '@libsql/client';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sign } from 'hono/jwt';
import { v7 as uuidv7 } from 'uuid';
import type { Deps } from '../deps';
import { jwtKey } from './jwt-key';

export const hashToken = (token: string) => bytesToHex(sha256(utf8ToBytes(token)));

/** The session a refresh token names (its part before the dot), so a spent token finds its session. */
export const sessionOfRefreshToken = (token: string) => /^([0-9a-f-]{36})\./.exec(token)?.[1];

const randomToken = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

/** A short-lived access token naming its session (it carries no secret, only claims). */
export async function accessToken(
  deps: Deps,
  user: { id: string; role: string },
  sessionId: string,
) {
  const iat = Math.floor(deps.clock.now() / 1000);
  const exp = iat + deps.config.TOKEN_TTL_S;
  const token = await sign(
    { sub: user.id, role: user.role, sid: sessionId, iat, exp },
    await jwtKey(deps.jwtSecret),
    'HS256',
  );
  return { token, expires_at: new Date(exp * 1000).toISOString() };
}

/** A new session: the statement that stores it and the refresh token, shown to the client once. */
export function newSession(deps: Deps, userId: string, channel: string) {
  const id = uuidv7();
  const refreshToken = `${id}.${randomToken()}`;
  const now = deps.clock.now();
  const statement: InStatement = {
    sql: `INSERT INTO sessions (id, user_id, refresh_hash, channel, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
    args: [
      id,
      userId,
      hashToken(refreshToken),
      channel,
      now,
      now + deps.config.REFRESH_TTL_S * 1000,
    ],
  };
  return { id, refreshToken, statement };
}

/** Rotates a refresh token: the old one stops working in the same write. */
export function rotateSession(sessionId: string, oldHash: string) {
  const refreshToken = `${sessionId}.${randomToken()}`;
  const statement: InStatement = {
    sql: `UPDATE sessions SET refresh_hash = ? WHERE id = ? AND refresh_hash = ? AND revoked_at IS NULL`,
    args: [hashToken(refreshToken), sessionId, oldHash],
  };
  return { refreshToken, statement };
}

export const revokeSession = (sessionId: string, now: number): InStatement => ({
  sql: `UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
  args: [now, sessionId],
});

/** Ends every session of a user: PIN change or reset, frozen outlet. */
export const revokeUserSessions = (userId: string, now: number): InStatement => ({
  sql: `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`,
  args: [now, userId],
});
