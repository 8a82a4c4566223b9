import type { PinVerifier, Session } from './db';

/**
 * The session on the device (issue 4 "Login ... and a lock screen after inactivity").
 * The token is what the server trusts, renewed with the refresh token (state/renewal.ts);
 * the PIN verifier only unlocks this device when it has been idle, so a shopkeeper can
 * keep selling offline after a pause.
 */

/** Idle time after which the app asks for the PIN again. */
export const LOCK_AFTER_MS = 5 * 60 * 1000;
/** Wrong PINs on the lock screen before the device forgets the session (the server locks at 5 too). */
export const MAX_UNLOCK_FAILURES = 5;
/**
 * Renew the access token (15 minutes by default, TOKEN_TTL_S) with the refresh token when
 * it has less than this left, so a request does not meet an expired one (issue 14 item 7).
 */
export const RENEW_BEFORE_MS = 60 * 1000;
const PIN_ITERATIONS = 100_000;

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return toB64(new Uint8Array(bits));
}

export async function makePinVerifier(
  pin: string,
  iterations = PIN_ITERATIONS,
): Promise<PinVerifier> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toB64(salt), hash: await derive(pin, salt, iterations), iterations };
}

export async function checkPin(pin: string, verifier: PinVerifier): Promise<boolean> {
  const hash = await derive(pin, fromB64(verifier.salt), verifier.iterations);
  let diff = hash.length ^ verifier.hash.length;
  for (let i = 0; i < hash.length; i++)
    diff |= hash.charCodeAt(i) ^ (verifier.hash.charCodeAt(i) || 0);
  return diff === 0;
}

/** Idle for longer than the lock time (or a clock that went backwards: lock to be safe). */
export const idleTooLong = (
  lastActiveAt: number,
  now: number,
  lockAfterMs = LOCK_AFTER_MS,
): boolean => now - lastActiveAt > lockAfterMs || now < lastActiveAt - 60_000;

export const tokenValid = (session: Pick<Session, 'expiresAt'>, now: number): boolean =>
  session.expiresAt > now;

export const tokenNeedsRenewal = (session: Pick<Session, 'expiresAt'>, now: number): boolean =>
  session.expiresAt - now < RENEW_BEFORE_MS;

/** A phone number as the login form accepts it: digits with an optional leading +. */
export const plausiblePhone = (text: string): boolean =>
  /^\+?\d{9,15}$/.test(text.replace(/[\s-]/g, ''));

export const plausiblePin = (text: string): boolean => /^\d{4,6}$/.test(text);
