import { createMiddleware } from 'hono/factory';
import type { Role } from '../../db/schema';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { verifyToken } from './jwt-key';
import { canAccessUser } from './scope';

export interface AuthUser {
  id: string;
  role: Role;
  /** The session the token belongs to: revoking it ends the token. */
  sessionId: string;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    user: AuthUser;
    /** The client's address as the host sees it, for rate limits. */
    clientAddress: string;
  };
};

/**
 * Who may call a route and over what data (DESIGN 7). Every route declares one; this
 * middleware is the one place it is enforced.
 * - `self`: the caller's own data (the handler reads only rows of `user.id`).
 * - `target`: the user named by the `:id` path parameter, which must be in the caller's
 *   scope; outside it the answer is 404, so the route does not tell who exists.
 * - `none`: no per-user data.
 */
export interface Access {
  roles: readonly Role[] | 'public';
  scope: 'self' | 'target' | 'none';
}

/** The caller from a bearer token: signature, expiry by the app's clock, live session. */
export async function authenticate(deps: Deps, header: string | undefined): Promise<AuthUser> {
  const match = /^Bearer ([A-Za-z0-9._-]+)$/i.exec(header ?? '');
  if (!match) throw appError('unauthenticated');
  let payload: Record<string, unknown>;
  try {
    // Times are checked below against the app's clock, the one that stamped them at login.
    payload = await verifyToken(match[1]!, deps.jwtSecret);
  } catch {
    throw appError('invalid_token');
  }
  const { sub, role, sid, exp } = payload;
  if (typeof sub !== 'string' || typeof role !== 'string' || typeof sid !== 'string')
    throw appError('invalid_token');
  if (typeof exp !== 'number' || exp * 1000 <= deps.clock.now()) throw appError('invalid_token');
  // Every authenticated request makes this read: prepared once (issue 13).
  const session = await deps.reader.execute({
    sql: 'SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
    args: [sid, sub],
  });
  if (session.rows.length === 0) throw appError('invalid_token');
  return { id: sub, role: role as Role, sessionId: sid };
}

export const authorize = (access: Access) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (access.roles === 'public') return next();
    const deps = c.get('deps');
    const user = await authenticate(deps, c.req.header('authorization'));
    if (!access.roles.includes(user.role)) throw appError('forbidden');
    if (access.scope === 'target' && !(await canAccessUser(deps, user, c.req.param('id') ?? ''))) {
      throw appError('not_found', 'Not found');
    }
    c.set('user', user);
    await next();
  });
