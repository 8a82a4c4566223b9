import { eq } from 'drizzle-orm';
import type { Rate } from '../../core/api/catalog';
import { type PlanVersion, planAt, rateFor, saleCommission } from '../../core/commission';
import { productFor, serves } from '../../core/products';
import { commissionPlans, products } from '../../db/schema';
import type { Deps } from '../deps';
import { appError } from '../errors';

export interface Product {
  id: string;
  operator: string;
  prefixes: string[];
}

export interface Catalog {
  products: Product[];
  /** Every version of the commission plan (issue 11): few, and a sale picks one by its time. */
  plans: PlanVersion[];
}

/**
 * A stored plan version's rates: JSON written only by POST /commission-plans (validated
 * by its schema) or the migration from commission_rates, never edited (a trigger).
 */
export const ratesOf = (json: string): Rate[] => JSON.parse(json) as Rate[];

/** The active products and every plan version. */
export async function loadCatalog(deps: Pick<Deps, 'db'>): Promise<Catalog> {
  const [rows, plans] = await Promise.all([
    deps.db.select().from(products).where(eq(products.active, 1)),
    deps.db.select().from(commissionPlans),
  ]);
  return {
    products: rows.map((p) => ({
      id: p.id,
      operator: p.operator,
      prefixes: JSON.parse(p.prefixes) as string[],
    })),
    plans: plans.map((p) => ({
      version: p.version,
      effective_from: p.effectiveFrom,
      rates: ratesOf(p.rates),
    })),
  };
}

/** The rate a product has at `at` under the plan version then in force. */
export const rateAt = (catalog: Catalog, product: Omit<Product, 'prefixes'>, at: number) =>
  rateFor(planAt(catalog.plans, at), product);

/**
 * The commission a sale fixes when it is made (issue 11): the plan version in force at
 * `at`, its rate for the product and the amount's slab (core/commission.ts, the rule the
 * shop's device quotes with). Stored on the sale at hold time, so no later version, and
 * no success posted after one, changes it.
 */
export const commissionAt = (
  catalog: Catalog,
  product: Omit<Product, 'prefixes'>,
  amount: number,
  at: number,
) => saleCommission(rateAt(catalog, product, at), amount);

const CATALOG_CACHE_MS = 30_000;
const catalogCache = new WeakMap<object, { at: number; catalog: Promise<Catalog> }>();

/**
 * Products and plans for the sale path, read at most every 30 s per app instance (its
 * deps: on Workers one per isolate, where `deps.db` is each request's own): they
 * change rarely (an admin's edit), and a sale should not pay two reads for them. A plan
 * version's `effective_from` is compared with each sale's own time, so a version posted
 * ahead of time applies at its instant even from a cached catalog; an admin's write in
 * this instance drops the cache at once (forgetCatalog), other instances within 30 s.
 */
export function cachedCatalog(deps: Pick<Deps, 'db' | 'clock'>): Promise<Catalog> {
  const now = deps.clock.now();
  const hit = catalogCache.get(deps);
  if (hit && now - hit.at < CATALOG_CACHE_MS && now >= hit.at) return hit.catalog;
  const catalog = loadCatalog(deps);
  catalogCache.set(deps, { at: now, catalog });
  catalog.catch(() => catalogCache.delete(deps));
  return catalog;
}

export const cachedProducts = async (deps: Pick<Deps, 'db' | 'clock'>): Promise<Product[]> =>
  (await cachedCatalog(deps)).products;

/** After a product or plan write: the next sale of this instance reads them again. */
export const forgetCatalog = (deps: object) => catalogCache.delete(deps);

/**
 * The product named in the request, or the one whose operator serves the number's
 * prefix (longest prefix wins: core/products.ts, the rule the shop's device applies
 * too). `nationalNumber` is the number without country code.
 */
export function resolveProduct<P extends Product>(
  all: P[],
  nationalNumber: string,
  productId: string | undefined,
): P {
  if (productId !== undefined) {
    const product = all.find((p) => p.id === productId);
    if (!product) throw appError('unknown_product', `No product "${productId}"`);
    if (!serves(product, nationalNumber)) {
      throw appError('product_mismatch', `${product.id} does not serve this number`);
    }
    return product;
  }
  const product = productFor(all, nationalNumber);
  if (!product) throw appError('unknown_operator', 'No operator serves this number');
  return product;
}
