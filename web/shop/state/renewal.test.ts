import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RawAnswer } from '../../shared/api';
import { defaultLock } from '../../shared/outbox/outbox';
import { type AirloadDb, getKv, openAirloadDb, putKv, type Session } from '../db';
import {
  type AfterRenewal,
  afterRenewal,
  type Renewal,
  type RenewalDeps,
  renewSession,
} from './renewal';

const NOW = 1_750_000_000_000;
const session: Session = {
  token: 'access-1',
  refreshToken: 'refresh-1',
  expiresAt: NOW - 1,
  userId: 'u-ret-101',
  name: 'Demo Shop 101',
  phone: '0700000101',
  pin: { salt: 's', hash: 'h', iterations: 1 },
};

const tokens = (n: number): RawAnswer => ({
  status: 200,
  body: {
    token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    expires_at: new Date(NOW + 15 * 60_000).toISOString(),
  },
  headers: new Headers(),
});
const refused: RawAnswer = {
  status: 401,
  body: { error: { code: 'invalid_token', message: 'Invalid or expired token' } },
  headers: new Headers(),
};

let db: AirloadDb;
const lock = defaultLock('test-session');
const deps = (post: RenewalDeps['post']): RenewalDeps => ({ db, lock, post, now: () => NOW });

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openAirloadDb();
  await putKv(db, 'session', session);
});

describe('renewing the access token with the refresh token (issue 14 item 7)', () => {
  it('spends the stored refresh token and stores the rotated one before answering', async () => {
    const post = vi.fn(async (_token: string) => tokens(2));
    const renewal = await renewSession(deps(post), 'access-1');
    expect(post.mock.calls).toEqual([['refresh-1']]);
    const expected = {
      ...session,
      token: 'access-2',
      refreshToken: 'refresh-2',
      expiresAt: NOW + 15 * 60_000,
    };
    expect(renewal).toEqual({ kind: 'renewed', session: expected });
    expect(await getKv(db, 'session')).toEqual(expected);
  });

  it('spends a refresh token once when tabs renew together: the others use what it stored', async () => {
    let n = 1;
    const post = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return tokens(++n);
    });
    // Two tabs and the service worker, each with its own deps, behind one lock.
    const renewals = await Promise.all([1, 2, 3].map(() => renewSession(deps(post), 'access-1')));
    expect(post).toHaveBeenCalledTimes(1);
    for (const renewal of renewals) {
      expect(renewal).toMatchObject({ kind: 'renewed', session: { token: 'access-2' } });
    }
    // A later renewal of the new token spends the new refresh token.
    await renewSession(deps(post), 'access-2');
    expect(post.mock.calls.at(-1)).toEqual(['refresh-2']);
  });

  it('forgets a refused refresh token and never sends it again', async () => {
    const post = vi.fn(async () => refused);
    expect(await renewSession(deps(post), 'access-1')).toEqual({ kind: 'rejected' });
    const stored = await getKv(db, 'session');
    expect(stored?.refreshToken).toBeUndefined();
    // The rest of the session (the PIN verifier for the lock screen) stays.
    expect(stored).toMatchObject({ userId: session.userId, pin: session.pin });
    expect(await renewSession(deps(post), 'access-1')).toEqual({ kind: 'none' });
    expect(post).toHaveBeenCalledTimes(1);
  });

  it('keeps the session as it was when there is no answer or a 5xx', async () => {
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await renewSession(deps(offline), 'access-1')).toEqual({ kind: 'unavailable' });
    const down = vi.fn(async (): Promise<RawAnswer> => ({ ...refused, status: 503 }));
    expect(await renewSession(deps(down), 'access-1')).toEqual({ kind: 'unavailable' });
    expect(await getKv(db, 'session')).toEqual(session);
  });

  it('does not bring back a session that was logged out while it renewed', async () => {
    const post = vi.fn(async () => {
      await db.delete('kv', 'session');
      return tokens(2);
    });
    expect(await renewSession(deps(post), 'access-1')).toEqual({ kind: 'none' });
    expect(await getKv(db, 'session')).toBeUndefined();
  });

  it('asks nothing of the server without a refresh token', async () => {
    await putKv(db, 'session', { ...session, refreshToken: undefined });
    const post = vi.fn(async () => tokens(2));
    expect(await renewSession(deps(post), 'access-1')).toEqual({ kind: 'none' });
    expect(post).not.toHaveBeenCalled();
  });
});

describe('what the page makes of a renewal', () => {
  const valid = { ...session, expiresAt: NOW + 60_000 };
  const renewed = { ...session, token: 'access-2', refreshToken: 'refresh-2' };
  const cases: [string, Renewal, Session, boolean, AfterRenewal][] = [
    [
      'renewed',
      { kind: 'renewed', session: renewed },
      session,
      true,
      { session: renewed, renewed: true, lock: false },
    ],
    [
      'refused refresh token: the lock screen, and the token forgotten',
      { kind: 'rejected' },
      valid,
      false,
      { session: { ...valid, refreshToken: undefined }, renewed: false, lock: true },
    ],
    [
      'no answer: sell on with what there is',
      { kind: 'unavailable' },
      session,
      true,
      { session, renewed: false, lock: false },
    ],
    // 'none': the stored session has no refresh token, e.g. the service worker saw it
    // refused; the page's copy forgets it too, so the lock screen asks for the PIN.
    [
      'no refresh token, token still good',
      { kind: 'none' },
      valid,
      false,
      { session: { ...valid, refreshToken: undefined }, renewed: false, lock: false },
    ],
    [
      'no refresh token, token run out',
      { kind: 'none' },
      session,
      false,
      { session: { ...session, refreshToken: undefined }, renewed: false, lock: true },
    ],
    [
      'no refresh token, token refused by the server',
      { kind: 'none' },
      valid,
      true,
      { session: { ...valid, refreshToken: undefined }, renewed: false, lock: true },
    ],
  ];
  for (const [name, renewal, current, refused, expected] of cases) {
    it(name, () => {
      expect(afterRenewal(renewal, current, refused, NOW)).toEqual(expected);
    });
  }
});
