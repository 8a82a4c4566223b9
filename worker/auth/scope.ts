import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Deps } from '../deps';
import type { AuthUser } from './middleware';

/**
 * DESIGN 7's scopes, in one place: an admin sees everyone; a manager the users of its
 * region; a distributor itself and its retailers; a retailer only itself.
 */
export async function canAccessUser(
  deps: Deps,
  actor: AuthUser,
  targetId: string,
): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.id === targetId) return true;
  const [target] = await deps.db
    .select({ role: users.role, regionId: users.regionId, distributorId: users.distributorId })
    .from(users)
    .where(eq(users.id, targetId));
  if (!target) return false;
  if (actor.role === 'distributor')
    return target.role === 'retailer' && target.distributorId === actor.id;
  if (actor.role === 'manager') {
    const [manager] = await deps.db
      .select({ regionId: users.regionId })
      .from(users)
      .where(eq(users.id, actor.id));
    return (
      (target.role === 'retailer' || target.role === 'distributor') &&
      manager?.regionId != null &&
      target.regionId === manager.regionId
    );
  }
  return false;
}
