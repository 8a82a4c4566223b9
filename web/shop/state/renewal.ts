import { type RawAnswer, request } from '../../shared/api';
import { defaultLock, type Lock } from '../../shared/outbox/outbox';
import type { Tokens } from '../../shared/types';
import { type AirloadDb, getKv, type Session } from '../db';
import { tokenValid } from '../session';

/**
 * Renewing the access token with the refresh token (issue 14 item 7), never with the
 * PIN: the PIN is typed on the lock screen only. The server rotates the refresh token at
 * every renewal and, when a spent one comes back, ends the session for every holder
 * (reuse detection, worker/auth/service.ts). So two renewals must never spend the same
 * token: one renewal at a time across the tabs and the service worker (a Web Lock), and
 * the one that waited uses what the first stored. The new refresh token is stored before
 * the new access token is used, in the transaction that checks the spent one is still
 * the stored one (a logout or another login meanwhile wins).
 */

export type Renewal =
  /** A fresh access token: renewed now, or by another tab while this one waited. */
  | { kind: 'renewed'; session: Session }
  /** The server refused the refresh token (spent, revoked or expired): the lock screen. */
  | { kind: 'rejected' }
  /** No answer, or not one that settles it (5xx, 429): keep the session, try later. */
  | { kind: 'unavailable' }
  /** No session, or one without a refresh token (stored before issue 14). */
  | { kind: 'none' };

export interface RenewalDeps {
  db: AirloadDb;
  lock: Lock;
  /** POST /auth/refresh. */
  post(refreshToken: string): Promise<RawAnswer>;
  now(): number;
}

export const SESSION_LOCK = 'airload-session';

/** The page's and the service worker's deps: the real API and the shared Web Lock. */
export const renewalDeps = (
  db: AirloadDb,
  lock: Lock = defaultLock(SESSION_LOCK),
): RenewalDeps => ({
  db,
  lock,
  post: (refreshToken) =>
    request('/auth/refresh', { method: 'POST', body: { refresh_token: refreshToken } }),
  now: Date.now,
});

const isTokens = (body: unknown): body is Tokens => {
  const t = body as Partial<Tokens> | undefined;
  return (
    typeof t?.token === 'string' &&
    typeof t.refresh_token === 'string' &&
    typeof t.expires_at === 'string' &&
    Number.isFinite(Date.parse(t.expires_at))
  );
};

/**
 * Writes `next` over the stored session only if that still holds `spent` as its refresh
 * token; false when it changed meanwhile (logged out, or another shopkeeper logged in).
 */
async function replaceSession(db: AirloadDb, spent: string, next: Session | undefined) {
  const tx = db.transaction('kv', 'readwrite');
  const current = (await tx.store.get('session')) as Session | undefined;
  const same = current?.refreshToken === spent;
  if (same) {
    if (next) await tx.store.put(next, 'session');
    else await tx.store.put({ ...current, refreshToken: undefined }, 'session');
  }
  await tx.done;
  return same;
}

/**
 * A new access token for the session whose token `stale` the caller found wanting
 * (expired, about to, or refused with a 401).
 */
export function renewSession(deps: RenewalDeps, stale: string): Promise<Renewal> {
  return deps.lock(async (): Promise<Renewal> => {
    const stored = await getKv(deps.db, 'session');
    if (!stored) return { kind: 'none' };
    if (stored.token !== stale && tokenValid(stored, deps.now())) {
      return { kind: 'renewed', session: stored };
    }
    const spent = stored.refreshToken;
    if (!spent) return { kind: 'none' };
    let answer: RawAnswer;
    try {
      answer = await deps.post(spent);
    } catch {
      return { kind: 'unavailable' };
    }
    if (answer.status === 200 && isTokens(answer.body)) {
      const session: Session = {
        ...stored,
        token: answer.body.token,
        expiresAt: Date.parse(answer.body.expires_at),
        refreshToken: answer.body.refresh_token,
      };
      return (await replaceSession(deps.db, spent, session))
        ? { kind: 'renewed', session }
        : { kind: 'none' };
    }
    if (answer.status === 400 || answer.status === 401) {
      // Refused for good: it is not sent again (that would be a reuse of its own).
      await replaceSession(deps.db, spent, undefined);
      return { kind: 'rejected' };
    }
    return { kind: 'unavailable' };
  });
}

/** What the page makes of a renewal: the session it keeps, and whether to lock. */
export interface AfterRenewal {
  session: Session | undefined;
  renewed: boolean;
  /** The lock screen (`expired`): only the PIN, typed there, logs in again. */
  lock: boolean;
}

/**
 * `refused`: the server answered the old token with a 401, so it is over even if the
 * device's clock says otherwise. No answer keeps everything as it was: the shop sells
 * on, offline, and the next renewal tries again.
 */
export function afterRenewal(
  renewal: Renewal,
  session: Session | undefined,
  refused: boolean,
  now: number,
): AfterRenewal {
  if (renewal.kind === 'renewed') return { session: renewal.session, renewed: true, lock: false };
  if (!session || renewal.kind === 'unavailable') return { session, renewed: false, lock: false };
  // The stored session has no refresh token (now): nor has the page's copy, whichever tab
  // or the service worker saw it refused, so the lock screen logs in with the PIN.
  const spent = { ...session, refreshToken: undefined };
  if (renewal.kind === 'rejected') return { session: spent, renewed: false, lock: true };
  return { session: spent, renewed: false, lock: refused || !tokenValid(session, now) };
}
