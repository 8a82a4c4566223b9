import { eq } from 'drizzle-orm';
import { productFor, serves } from '../../core/products';
import { commissionRates, products } from '../../db/schema';
import type { Deps } from '../deps';
import { appError } from '../errors';

export interface Product {
  id: string;
  operator: string;
  prefixes: string[];
  bps: number;
}

/** Products with their commission rate: the product's own, else its operator's, else none. */
export async function loadProducts(deps: Pick<Deps, 'db'>): Promise<Product[]> {
  const rows = await deps.db.select().from(products).where(eq(products.active, 1));
  const rates = await deps.db.select().from(commissionRates);
  return rows.map((p) => ({
    id: p.id,
    operator: p.operator,
    prefixes: JSON.parse(p.prefixes) as string[],
    bps:
      rates.find((r) => r.productId === p.id)?.bps ??
      rates.find((r) => r.operator === p.operator)?.bps ??
      0,
  }));
}

const PRODUCT_CACHE_MS = 30_000;
const productCache = new WeakMap<object, { at: number; products: Promise<Product[]> }>();

/**
 * Products for the sale path, read at most every 30 s per app instance: products and
 * rates change rarely (an admin's edit), and a sale should not pay two reads for them.
 */
export function cachedProducts(deps: Pick<Deps, 'db' | 'clock'>): Promise<Product[]> {
  const now = deps.clock.now();
  const hit = productCache.get(deps.db);
  if (hit && now - hit.at < PRODUCT_CACHE_MS && now >= hit.at) return hit.products;
  const products = loadProducts(deps);
  productCache.set(deps.db, { at: now, products });
  products.catch(() => productCache.delete(deps.db));
  return products;
}

/**
 * The product named in the request, or the one whose operator serves the number's
 * prefix (longest prefix wins: core/products.ts, the rule the shop's device applies
 * too). `nationalNumber` is the number without country code.
 */
export function resolveProduct(
  all: Product[],
  nationalNumber: string,
  productId: string | undefined,
): Product {
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
