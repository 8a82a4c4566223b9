import { eq } from 'drizzle-orm';
import type { Role } from '../../core/api/enums';
import { products, users } from '../../db/schema';
import type { Deps } from '../deps';
import { notFound } from '../errors';
import { loadCatalog, rateAt } from '../sales/products';
import { outletLimits } from '../sales/service';

/**
 * GET /api/v1/products: what the sell screen needs to show the operator of a number
 * (the same longest-prefix rule as the server's resolveProduct), suggest amounts and
 * estimate the commission before the sale is made: the rate of the plan version in
 * force now (core/commission.ts). An admin, who keeps the catalog, sees inactive ones too.
 */
export async function listProducts(deps: Pick<Deps, 'db' | 'clock'>, role: Role) {
  const [rows, catalog] = await Promise.all([
    role === 'admin'
      ? deps.db.select().from(products)
      : deps.db.select().from(products).where(eq(products.active, 1)),
    loadCatalog(deps),
  ]);
  const now = deps.clock.now();
  const items = rows.map((p) => {
    const rate = rateAt(catalog, p, now);
    return {
      id: p.id,
      operator: p.operator,
      name: p.name,
      prefixes: JSON.parse(p.prefixes) as string[],
      denominations: JSON.parse(p.denominations) as number[],
      commission_bps: rate?.bps ?? 0,
      ...(rate?.slabs?.length ? { commission_slabs: rate.slabs.map((s) => ({ ...s })) } : {}),
      active: p.active === 1,
    };
  });
  items.sort((a, b) => a.id.localeCompare(b.id));
  return { items };
}

/** GET /api/v1/me: the caller's profile and the limits the app checks before queueing a sale. */
export async function getProfile(deps: Deps, userId: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw notFound('User');
  const limits = await outletLimits(deps, userId);
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    phone: user.phone,
    email: user.email,
    region_id: user.regionId,
    currency: deps.config.CURRENCY,
    country: deps.config.DEFAULT_COUNTRY,
    // The device counts "today" in the outlet's zone (its region's, else TIMEZONE), not
    // its own (DESIGN 8, issue 11): the zone the server counts the sale's day in.
    timezone: limits.timezone,
    // DESIGN 10: the shop's PWA derives its visit code from this, offline; only the
    // outlet itself ever receives its secret.
    ...(user.role === 'retailer' && user.visitSecret ? { visit_secret: user.visitSecret } : {}),
    limits: {
      min_sale: limits.minSale,
      max_sale: limits.maxSale,
      daily_limit: limits.dailyLimit,
    },
  };
}
