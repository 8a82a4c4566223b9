import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commissionFor, productFor } from '../core/products';
import { checkCustomerNumber } from '../web/shop/phone';
import { quoteSale } from '../web/shop/sale-quote';
import type { Product as ServerProduct } from '../worker/sales/products';
import { commissionAt, resolveProduct } from '../worker/sales/products';

/**
 * DESIGN 10 / issue 9: a rule the device and the server both apply has one source, in
 * core/. The scan fails when web/ or worker/ defines its own copy of one (found by the
 * shape such code has); the rest checks that both sides answer alike because they call
 * the same function.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (['dist', 'generated', 'node_modules'].includes(name)) continue;
    if (statSync(join(ROOT, path)).isDirectory()) found.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const RULES: Array<{ rule: string; dirs: string[]; pattern: RegExp }> = [
  {
    rule: 'longest-prefix match (core/products.ts productFor)',
    dirs: ['web', 'worker'],
    pattern: /prefix\.length\s*>|startsWith\(prefix\)/,
  },
  {
    rule: 'commission rounding (core/products.ts commissionFor)',
    dirs: ['web', 'worker'],
    pattern: /bps\s*\)?\s*\/\s*10_?000|Math\.floor\([^)]*bps/,
  },
  {
    rule: 'currency formatting (core/money.ts formatMoney)',
    dirs: ['web', 'worker'],
    pattern: /style:\s*['"]currency['"]|currencyDisplay/,
  },
  {
    rule: 'error-code table (core/errors.ts ERRORS)',
    dirs: ['web', 'worker'],
    pattern: /^\s*\w+:\s*\[[45]\d\d,\s*['"]/m,
  },
  {
    rule: 'hand-written API answer types (core/api/*.ts, z.infer)',
    dirs: ['web'],
    // An interface or object type with the API's snake_case fields, or one written
    // inline as an api<...>() answer.
    pattern: /(interface\s+\w+[^{]*|type\s+\w+\s*=\s*)\{[^}]*\b[a-z]+_[a-z_]+\??:|api<\{/,
  },
];

describe('one source per rule', () => {
  for (const { rule, dirs, pattern } of RULES) {
    it(`has no copy of the ${rule} in ${dirs.join(' or ')}`, () => {
      const copies = dirs
        .flatMap(sources)
        .filter((path) => pattern.test(readFileSync(join(ROOT, path), 'utf8')))
        .map((path) => relative(ROOT, join(ROOT, path)));
      expect(copies).toEqual([]);
    });
  }

  it('gives the web apps their API shapes from core/api, never from the server’s own files', () => {
    const fromWorker = sources('web')
      .filter((path) =>
        /from\s+['"](?:\.\.\/)+worker\//.test(readFileSync(join(ROOT, path), 'utf8')),
      )
      .map((path) => relative(ROOT, join(ROOT, path)));
    expect(fromWorker).toEqual([]);
  });

  // Products that overlap on purpose: 7 and 75 (a longer prefix wins), 1 served by none.
  const products = [
    { id: 'safaricom-airtime', operator: 'safaricom', prefixes: ['7', '11'] },
    { id: 'airtel-airtime', operator: 'airtel', prefixes: ['75', '73', '10'] },
  ] satisfies ServerProduct[];
  const onDevice = products.map((p) => ({
    ...p,
    name: p.id,
    denominations: [],
    commission_bps: 0,
    active: true,
  }));

  it('finds the same product for a number on the device and on the server', () => {
    for (const number of ['0712345678', '0752345678', '0732345678', '0110345678', '0102345678']) {
      const device = checkCustomerNumber(number, 'KE', onDevice);
      expect(device.ok).toBe(true);
      if (!device.ok) continue;
      const server = resolveProduct(products, device.national, undefined);
      expect(device.product.id).toBe(server.id);
      expect(productFor(products, device.national)?.id).toBe(server.id);
    }
  });

  it('quotes on the device the product and commission the server fixes on the sale', () => {
    const slabs = [{ up_to: 100_000, bps: 400 }];
    for (const [amount, bps] of [
      [999, 500],
      [10_010, 600],
      [12_345, 450],
      [1, 9_999],
      [150_000, 500],
    ] as const) {
      // The plan version in force, as the server keeps it and as GET /products hands it on.
      const rates = [{ product_id: products[0].id, bps, slabs }];
      const catalog = { products, plans: [{ version: 1, effective_from: 0, rates }] };
      const device = { ...onDevice[0]!, commission_bps: bps, commission_slabs: slabs };
      expect(quoteSale(device, amount)).toEqual({
        product: products[0].id,
        operator: products[0].operator,
        commission: commissionAt(catalog, products[0], amount, 1),
      });
    }
    // Rounded down, never up: 999 at 5 % is 49.95.
    expect(commissionFor(999, 500)).toBe(49);
  });
});
