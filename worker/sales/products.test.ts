import { describe, expect, it } from 'vitest';
import { commissionFor } from '../../core/products';
import { createHarness } from '../../test/support/harness';
import { AppError } from '../errors';
import { cachedCatalog, forgetCatalog, type Product, resolveProduct } from './products';

const products: Product[] = [
  { id: 'safaricom-airtime', operator: 'safaricom', prefixes: ['70', '71', '745'] },
  { id: 'airtel-airtime', operator: 'airtel', prefixes: ['73', '74'] },
];

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
  return 'none';
};

describe('products', () => {
  it('picks the operator by the longest matching prefix', () => {
    expect(resolveProduct(products, '745123456', undefined).id).toBe('safaricom-airtime');
    expect(resolveProduct(products, '741123456', undefined).id).toBe('airtel-airtime');
  });

  it('refuses a named product that does not serve the number', () => {
    expect(codeOf(() => resolveProduct(products, '712345678', 'airtel-airtime'))).toBe(
      'product_mismatch',
    );
    expect(resolveProduct(products, '712345678', 'safaricom-airtime').id).toBe('safaricom-airtime');
  });

  it('refuses unknown products and numbers no operator serves', () => {
    expect(codeOf(() => resolveProduct(products, '712345678', 'nope'))).toBe('unknown_product');
    expect(codeOf(() => resolveProduct(products, '612345678', undefined))).toBe('unknown_operator');
  });

  it('rounds commission down to the minor unit', () => {
    expect(commissionFor(999, 500)).toBe(49);
    expect(commissionFor(10_000, 600)).toBe(600);
    expect(commissionFor(10_010, 600)).toBe(600);
    expect(commissionFor(1_000_000, 10_000)).toBe(1_000_000);
  });
});

describe('the sale path catalog cache', () => {
  it('reads products and plans once per app instance, even when each request has its own db (Workers)', async () => {
    const h = await createHarness();
    try {
      let reads = 0;
      const real = h.deps.db;
      // As worker/index.ts builds it: `db` is a getter that gives each request's own client.
      const isolate = {
        clock: h.deps.clock,
        get db() {
          return new Proxy(real, {
            get(target, name, receiver) {
              if (name === 'select') reads++;
              return Reflect.get(target, name, receiver);
            },
          });
        },
      };
      const first = await cachedCatalog(isolate);
      const second = await cachedCatalog(isolate);
      expect(second).toBe(first);
      expect(reads).toBe(2); // products and plans, once
      forgetCatalog(isolate);
      await cachedCatalog(isolate);
      expect(reads).toBe(4);
    } finally {
      await h.close();
    }
  });
});
