import { createMiddleware } from 'hono/factory';
import { verify } from 'hono/jwt';
import type { Role } from '../../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../errors';

export interface AuthUser {
  id: string;
  role: Role;
}

export type AppEnv = { Variables: { deps: Deps; user: AuthUser } };

/**
 * Checks the bearer token and the caller's role. Routes declare who may call them with
 * `requireRole(...)`; a missing, expired or tampered token is 401, a wrong role 403.
 */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/i.exec(header);
    if (!match) throw new AppError(401, 'unauthenticated', 'Log in first: Authorization: Bearer <token>');
    const deps = c.get('deps');
    const invalid = new AppError(401, 'invalid_token', 'The token is invalid or has expired; log in again');
    let payload: Record<string, unknown>;
    try {
      // Times are checked below against the app's clock, the one that stamped them at login.
      payload = await verify(match[1]!, deps.jwtSecret, { alg: 'HS256', exp: false, iat: false, nbf: false });
    } catch {
      throw invalid;
    }
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= deps.clock.now()) throw invalid;
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || !roles.includes(role)) {
      throw new AppError(403, 'forbidden', 'This account may not do that');
    }
    c.set('user', { id: payload.sub, role });
    await next();
  });
