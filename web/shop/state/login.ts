import { ApiError, api } from '../../shared/api';
import type { LoginAnswer } from '../../shared/types';
import { type AirloadDb, getKv, putKv, type Session } from '../db';
import { forgetServerData } from '../server-data';
import { makePinVerifier } from '../session';

/** Thrown for a distributor's or a staff account's login: their app is the console. */
export const CONSOLE_ACCOUNT = 'console_account';
export const CONSOLE_URL = '/console/';

/**
 * POST /auth/login for a retailer, and the session kept in IndexedDB with a verifier of
 * the PIN for the lock screen. Another shopkeeper's stored data is forgotten first. Any
 * other role is sent to the console (issue 9): the session just made is ended, since the
 * console makes its own.
 */
export async function logIn(db: AirloadDb, phone: string, pin: string): Promise<Session> {
  const answer = await api<LoginAnswer>('/auth/login', { method: 'POST', body: { phone, pin } });
  if (answer.user.role !== 'retailer') {
    await api('/auth/logout', { method: 'POST', token: answer.token }).catch(() => undefined);
    throw new ApiError(403, CONSOLE_ACCOUNT, 'This account uses the console');
  }
  const previous = await getKv(db, 'profile');
  if (previous && previous.id !== answer.user.id) await forgetServerData(db);
  const session: Session = {
    token: answer.token,
    refreshToken: answer.refresh_token,
    expiresAt: Date.parse(answer.expires_at),
    userId: answer.user.id,
    name: answer.user.name,
    phone,
    pin: await makePinVerifier(pin),
  };
  await putKv(db, 'session', session);
  return session;
}
