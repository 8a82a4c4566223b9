import { verify } from 'hono/jwt';

/**
 * The access tokens' HS256 key, imported into WebCrypto once per secret rather than on
 * every request (issue 13: hono/jwt imports a string secret again for each sign and
 * verify, 4 % of the Node host's main thread under load), and the payloads of tokens
 * already verified. A token is a device's for its whole lifetime, sent with every
 * request: the signature of one exact token string is checked once. The expiry and the
 * session are still checked on every request by the caller (worker/auth/middleware.ts).
 */

const keys = new Map<string, Promise<CryptoKey>>();

export function jwtKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, key);
  }
  return key;
}

/** Most verified tokens kept; the oldest goes first. */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, { secret: string; payload: Record<string, unknown> }>();

/** The payload of `token` if its HS256 signature is `secret`'s; throws otherwise. */
export async function verifyToken(token: string, secret: string): Promise<Record<string, unknown>> {
  const hit = verified.get(token);
  if (hit && hit.secret === secret) return hit.payload;
  // Times are checked by the caller against the app's clock, the one that stamped them.
  const payload = await verify(token, await jwtKey(secret), {
    alg: 'HS256',
    exp: false,
    iat: false,
    nbf: false,
  });
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { secret, payload });
  return payload;
}
