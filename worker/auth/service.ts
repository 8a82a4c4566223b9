import { eq } from 'drizzle-orm';
import { sign } from 'hono/jwt';
import { users } from '../../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { parseMsisdn } from '../sales/phone';
import { DUMMY_HASH, verifySecret } from './kdf';

export type Credentials = { phone: string; pin: string } | { email: string; password: string };

export interface TokenClaims {
  sub: string;
  role: string;
  iat: number;
  exp: number;
}

/**
 * POST /api/v1/auth/login: phone + PIN for retailers and distributors, email +
 * password for staff. A wrong secret and an unknown user cost the same KDF time and
 * get the same answer, so the answer does not tell which accounts exist.
 */
export async function login(deps: Deps, credentials: Credentials) {
  const invalid = new AppError(401, 'invalid_credentials', 'Wrong phone number, PIN, email or password');
  let user: typeof users.$inferSelect | undefined;
  let secret: string;
  if ('phone' in credentials) {
    let phone: string | undefined;
    try {
      phone = parseMsisdn(credentials.phone, deps.config.DEFAULT_COUNTRY).e164;
    } catch {
      phone = undefined;
    }
    [user] = phone ? await deps.db.select().from(users).where(eq(users.phone, phone)) : [];
    if (user && user.role !== 'retailer' && user.role !== 'distributor') user = undefined;
    secret = credentials.pin;
  } else {
    [user] = await deps.db.select().from(users).where(eq(users.email, credentials.email.toLowerCase()));
    if (user && user.role !== 'manager' && user.role !== 'admin') user = undefined;
    secret = credentials.password;
  }
  const ok = await verifySecret(secret, user?.secretHash ?? DUMMY_HASH);
  if (!user || !ok) throw invalid;

  const iat = Math.floor(deps.clock.now() / 1000);
  const claims: TokenClaims = { sub: user.id, role: user.role, iat, exp: iat + deps.config.TOKEN_TTL_S };
  const token = await sign({ ...claims }, deps.jwtSecret, 'HS256');
  return { token, expires_at: new Date(claims.exp * 1000).toISOString(), user: { id: user.id, role: user.role, name: user.name } };
}
