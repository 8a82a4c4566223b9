import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { hashSecret } from './kdf';
import { checkSecret } from './service';
import { revokeUserSessions } from './sessions';

async function userById(deps: Deps, id: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('User');
  return user;
}

const setSecret = async (deps: Deps, userId: string, secret: string) => [
  {
    sql: 'UPDATE users SET secret_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?',
    args: [await hashSecret(secret, deps.config.KDF_ITERATIONS), userId],
  },
  revokeUserSessions(userId, deps.clock.now()),
];

/**
 * POST /api/v1/auth/secret: change one's own PIN (retailers, distributors: 4-6 digits)
 * or password (staff: 10 or more characters). A wrong current secret counts toward the
 * lockout. Every session ends, this one too: the app logs in again with the new one.
 */
export async function changeSecret(
  deps: Deps,
  actor: Actor & { id: string },
  current: string,
  next: string,
  channel: string,
) {
  const user = await userById(deps, actor.id);
  const phoneUser = user.role === 'retailer' || user.role === 'distributor';
  if (phoneUser ? !/^\d{4,6}$/.test(next) : next.length < 10) {
    throw appError(
      'invalid_request',
      phoneUser ? 'A PIN is 4 to 6 digits' : 'A password has at least 10 characters',
    );
  }
  await checkSecret(deps, user, current, channel);
  await deps.writer.write(await setSecret(deps, user.id, next), [
    auditEntry(deps, actor, phoneUser ? 'pin_change' : 'password_change', channel, user.id),
  ]);
}

/** A random integer below `n`, without modulo bias (rejection sampling over 32 bits). */
function randomBelow(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const x = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (x < limit) return x % n;
  }
}

/** A first or reset PIN: six random digits. */
export const newPin = (): string => String(randomBelow(1_000_000)).padStart(6, '0');

// No 0/O, 1/l/I: a password read out once and typed in by hand.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A first staff password: 16 random characters (about 93 bits). */
export const newPassword = (): string =>
  Array.from({ length: 16 }, () => PASSWORD_ALPHABET[randomBelow(PASSWORD_ALPHABET.length)]).join(
    '',
  );

/**
 * POST /api/v1/users/:id/pin-reset: a distributor (for its retailers) or an admin sets
 * a new random PIN, shown once, to give to the shopkeeper. Lifts a lock; ends sessions.
 */
export async function resetPin(deps: Deps, actor: Actor, targetId: string) {
  const user = await userById(deps, targetId);
  if (user.role !== 'retailer' && user.role !== 'distributor') {
    throw appError('invalid_request', 'Only retailers and distributors have PINs');
  }
  const pin = newPin();
  await deps.writer.write(await setSecret(deps, user.id, pin), [
    auditEntry(deps, actor, 'pin_reset', 'app', user.id),
  ]);
  return { pin };
}

/** POST /api/v1/users/:id/unlock: a manager (its region) or an admin lifts a lockout. */
export async function unlockUser(deps: Deps, actor: Actor, targetId: string) {
  const user = await userById(deps, targetId);
  await deps.writer.write(
    [
      {
        sql: 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?',
        args: [user.id],
      },
    ],
    [auditEntry(deps, actor, 'unlock', 'app', user.id, { was_locked_until: user.lockedUntil })],
  );
}
