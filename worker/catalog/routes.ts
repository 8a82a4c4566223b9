import { Hono } from 'hono';
import { ROLES } from '../../db/schema';
import { type AppEnv, requireRole } from '../auth/middleware';
import { getProfile, listProducts } from './service';

/**
 * Read-only data every logged-in user may see. Mounted at /api/v1, so each route
 * carries its own guard: a `use()` here would also guard /api/v1/auth/login.
 */
const anyUser = requireRole(...ROLES);

export const catalogRoutes = new Hono<AppEnv>()
  .get('/products', anyUser, async (c) => c.json(await listProducts(c.get('deps'))))
  .get('/me', anyUser, async (c) => c.json(await getProfile(c.get('deps'), c.get('user').id)));
