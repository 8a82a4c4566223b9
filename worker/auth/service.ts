import { eq } from 'drizzle-orm';
import { sessions, users } from '../../db/schema';
import { auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { seen } from '../ledger/statements';
import { parseMsisdn } from '../sales/phone';
import { dummyHash, hashSecret, needsRehash, verifySecret } from './kdf';
import { RateLimiter } from './rate-limit';
import {
  accessToken,
  hashToken,
  newSession,
  revokeSession,
  rotateSession,
  sessionOfRefreshToken,
} from './sessions';

export type Credentials = { phone: string; pin: string } | { email: string; password: string };

/** DESIGN 7: 5 wrong PINs or passwords in a row lock the account for 15 minutes. */
export const LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60_000;

type User = typeof users.$inferSelect;

const limiters = new WeakMap<Deps, { account: RateLimiter; address: RateLimiter }>();
function limiterFor(deps: Deps) {
  let l = limiters.get(deps);
  if (!l) {
    l = {
      account: new RateLimiter(deps.config.LOGIN_RATE_PER_ACCOUNT, 60_000),
      address: new RateLimiter(deps.config.LOGIN_RATE_PER_ADDRESS, 60_000),
    };
    limiters.set(deps, l);
  }
  return l;
}

async function findUser(deps: Deps, credentials: Credentials): Promise<User | undefined> {
  if ('phone' in credentials) {
    let phone: string;
    try {
      phone = parseMsisdn(credentials.phone, deps.config.DEFAULT_COUNTRY).e164;
    } catch {
      return undefined;
    }
    const [user] = await deps.db.select().from(users).where(eq(users.phone, phone));
    return user && (user.role === 'retailer' || user.role === 'distributor') ? user : undefined;
  }
  const [user] = await deps.db
    .select()
    .from(users)
    .where(eq(users.email, credentials.email.toLowerCase()));
  return user && (user.role === 'manager' || user.role === 'admin') ? user : undefined;
}

const isLocked = (deps: Deps, user: Pick<User, 'lockedUntil'>) =>
  user.lockedUntil !== null && user.lockedUntil > deps.clock.now();

/**
 * Checks a user's PIN or password, counting a wrong one toward the lockout on every
 * channel together (DESIGN 7): the app, USSD and SMS all come through here. Throws
 * account_locked while locked, invalid_credentials for a wrong secret.
 */
export async function checkSecret(
  deps: Deps,
  user: User,
  secret: string,
  channel: string,
): Promise<void> {
  if (isLocked(deps, user)) throw appError('account_locked');
  if (await verifySecret(secret, user.secretHash)) return;
  const now = deps.clock.now();
  // Evaluated on the old values: the fifth failure locks and starts the count again.
  await deps.writer.write(
    [
      {
        sql: `UPDATE users SET
                failed_logins = CASE WHEN failed_logins + 1 >= ?1 THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= ?1 THEN ?2 ELSE locked_until END
              WHERE id = ?3`,
        args: [LOCK_AFTER, now + LOCK_MS, user.id],
      },
      // The history behind DESIGN 10's `pin_lockouts`: a row when this failure locked
      // the account (the update above just set locked_until to this very time).
      {
        sql: `INSERT INTO lockouts (user_id, at) SELECT id, ?1 FROM users WHERE id = ?2 AND locked_until = ?3`,
        args: [now, user.id, now + LOCK_MS],
      },
    ],
    [auditEntry(deps, { id: user.id, role: user.role }, 'login_failed', channel, user.id)],
  );
  const [after] = await deps.db
    .select({ lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, user.id));
  if (after && isLocked(deps, after)) throw appError('account_locked');
  throw appError('invalid_credentials');
}

/**
 * POST /api/v1/auth/login: phone + PIN for retailers and distributors, email +
 * password for staff. A wrong secret and an unknown user cost the same KDF time and
 * get the same answer, so the answer does not tell which accounts exist.
 */
export async function login(
  deps: Deps,
  credentials: Credentials,
  meta: { address: string; channel: string },
) {
  const now = deps.clock.now();
  const identity =
    'phone' in credentials ? credentials.phone.replace(/\D/g, '') : credentials.email.toLowerCase();
  const limiter = limiterFor(deps);
  if (!limiter.address.hit(meta.address, now) || !limiter.account.hit(identity, now))
    throw appError('rate_limited');

  const user = await findUser(deps, credentials);
  const secret = 'phone' in credentials ? credentials.pin : credentials.password;
  if (!user) {
    await verifySecret(secret, dummyHash(deps.config.KDF_ITERATIONS));
    throw appError('invalid_credentials');
  }
  await checkSecret(deps, user, secret, meta.channel);
  // After the secret check, so the answer does not tell a stranger the outlet exists.
  if (user.frozen === 1) throw appError('outlet_frozen');
  if (user.active === 0) throw appError('account_deactivated');

  const session = newSession(deps, user.id, meta.channel);
  // Issue 14 item 4: a hash of the old format or a lower count is replaced, in the
  // login's own write; only if nobody changed it meanwhile (a PIN reset wins).
  const iterations = deps.config.KDF_ITERATIONS;
  const rehash = needsRehash(user.secretHash, iterations)
    ? [
        {
          sql: 'UPDATE users SET secret_hash = ? WHERE id = ? AND secret_hash = ?',
          args: [await hashSecret(secret, iterations), user.id, user.secretHash],
        },
      ]
    : [];
  await deps.writer.write(
    [
      {
        sql: 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?',
        args: [user.id],
      },
      ...rehash,
      session.statement,
      seen(user.id, now),
    ],
    [
      auditEntry(deps, { id: user.id, role: user.role }, 'login', meta.channel, user.id, {
        session: session.id,
      }),
    ],
  );
  return {
    ...(await accessToken(deps, user, session.id)),
    refresh_token: session.refreshToken,
    user: { id: user.id, role: user.role, name: user.name },
  };
}

/** POST /api/v1/auth/refresh: a new access token and a new refresh token; the old one is spent. */
export async function refresh(deps: Deps, refreshToken: string) {
  const oldHash = hashToken(refreshToken);
  const sessionId = sessionOfRefreshToken(refreshToken);
  if (!sessionId) throw appError('invalid_token');
  const [row] = await deps.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId));
  const now = deps.clock.now();
  // A spent (or forged) refresh token of a live session: a copy is in other hands, so
  // the session ends for both (refresh token reuse detection, RFC 6819 5.2.2.3).
  if (row && row.session.refreshHash !== oldHash) {
    await deps.writer.write([revokeSession(row.session.id, now)]);
    throw appError('invalid_token');
  }
  if (
    !row ||
    row.session.revokedAt !== null ||
    row.session.expiresAt <= now ||
    row.user.frozen === 1 ||
    row.user.active === 0
  ) {
    throw appError('invalid_token');
  }
  const rotated = rotateSession(row.session.id, oldHash);
  // A refresh is contact from the outlet (DESIGN 10 `last_seen_at`), in the same write.
  const [result] = await deps.writer.write([rotated.statement, seen(row.user.id, now)]);
  // Someone spent this refresh token first (a copy was replayed): end the session.
  if (result?.rowsAffected !== 1) {
    await deps.writer.write([revokeSession(row.session.id, now)]);
    throw appError('invalid_token');
  }
  return {
    ...(await accessToken(deps, row.user, row.session.id)),
    refresh_token: rotated.refreshToken,
  };
}

/** POST /api/v1/auth/logout: the session ends, and with it the access token. */
export async function logout(
  deps: Deps,
  user: { id: string; role: string; sessionId: string },
  channel: string,
) {
  await deps.writer.write(
    [revokeSession(user.sessionId, deps.clock.now())],
    [auditEntry(deps, user, 'logout', channel, user.id, { session: user.sessionId })],
  );
}
