import { ApiError, api } from '../api';
import { type AirloadDb, getKv, putKv, type Session } from '../db';
import { forgetServerData } from '../server-data';
import { makePinVerifier } from '../session';

interface LoginAnswer {
  token: string;
  expires_at: string;
  user: { id: string; role: string; name: string };
}

/**
 * POST /auth/login for a retailer, and the session kept in IndexedDB with a verifier of
 * the PIN for the lock screen. Another shopkeeper's stored data is forgotten first.
 */
export async function logIn(db: AirloadDb, phone: string, pin: string): Promise<Session> {
  const answer = await api<LoginAnswer>('/auth/login', { method: 'POST', body: { phone, pin } });
  if (answer.user.role !== 'retailer') {
    throw new ApiError(403, 'not_a_retailer', 'This app is for retailers');
  }
  const previous = await getKv(db, 'profile');
  if (previous && previous.id !== answer.user.id) await forgetServerData(db);
  const session: Session = {
    token: answer.token,
    expiresAt: Date.parse(answer.expires_at),
    userId: answer.user.id,
    name: answer.user.name,
    phone,
    pin: await makePinVerifier(pin),
  };
  await putKv(db, 'session', session);
  return session;
}
