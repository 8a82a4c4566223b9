import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Deps } from '../deps';
import type { AuthUser } from './middleware';

/** Matches no row: a manager with no region sees no one. */
const nobody = sql`0`;

/**
 * DESIGN 7's scopes, in one place: the condition on `users` that picks the others an
 * actor may see. An admin sees everyone; a manager the retailers and distributors of its
 * region; a distributor its retailers; a retailer no one else. Lists filter by it
 * (GET /outlets) and canAccessUser checks one user against it (`target` routes).
 */
export async function scopeFilter(
  deps: Deps,
  actor: Pick<AuthUser, 'id' | 'role'>,
): Promise<SQL | undefined> {
  if (actor.role === 'admin') return undefined;
  if (actor.role === 'distributor')
    return and(eq(users.role, 'retailer'), eq(users.distributorId, actor.id));
  if (actor.role === 'manager') {
    const [manager] = await deps.db
      .select({ regionId: users.regionId })
      .from(users)
      .where(eq(users.id, actor.id));
    if (manager?.regionId == null) return nobody;
    return and(
      inArray(users.role, ['retailer', 'distributor']),
      eq(users.regionId, manager.regionId),
    );
  }
  return nobody;
}

/** Whether `targetId` is the actor itself or an existing user in the actor's scope. */
export async function canAccessUser(
  deps: Deps,
  actor: Pick<AuthUser, 'id' | 'role'>,
  targetId: string,
): Promise<boolean> {
  if (actor.id === targetId) return true;
  const [target] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, targetId), await scopeFilter(deps, actor)));
  return target !== undefined;
}
