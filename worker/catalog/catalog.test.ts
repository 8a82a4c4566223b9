import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';

interface ProductView {
  id: string;
  operator: string;
  name: string;
  prefixes: string[];
  denominations: number[];
  commission_bps: number;
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ env: { MIN_SALE: '1000', MAX_SALE: '200000' } });
});
afterAll(() => h.close());

describe('products', () => {
  it('lists the active products with operator, prefixes, amounts and commission rate', async () => {
    const token = await h.login('+254700000101');
    const res = await h.call('GET', '/api/v1/products', { token });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: ProductView[] };
    expect(items.map((p) => p.id).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.id).sort());
    const safaricom = items.find((p) => p.operator === 'safaricom')!;
    expect(safaricom.prefixes).toContain('71');
    expect(safaricom.commission_bps).toBe(600);
    expect(safaricom.denominations.length).toBeGreaterThan(0);
    expect(safaricom.denominations.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
  });

  it('leaves out a product that was switched off', async () => {
    await h.database.client.execute(`UPDATE products SET active = 0 WHERE id = 'telkom-airtime'`);
    const token = await h.login('+254700000102');
    const { items } = (await (await h.call('GET', '/api/v1/products', { token })).json()) as {
      items: ProductView[];
    };
    expect(items.map((p) => p.id)).not.toContain('telkom-airtime');
    await h.database.client.execute(`UPDATE products SET active = 1 WHERE id = 'telkom-airtime'`);
  });

  it('is readable by staff too, but not without a token', async () => {
    const manager = await h.login('manager@demo.airload');
    expect((await h.call('GET', '/api/v1/products', { token: manager })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/products')).status).toBe(401);
  });
});

describe('profile', () => {
  it("answers with the caller's own profile and the per-sale limits", async () => {
    const token = await h.login('+254700000103');
    const res = await h.call('GET', '/api/v1/me', { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: 'u-ret-103',
      role: 'retailer',
      name: 'Demo Shop 103',
      phone: '+254700000103',
      currency: 'KES',
      country: 'KE',
      limits: { min_sale: 1000, max_sale: 200000 },
    });
  });

  it('answers a manager with the manager', async () => {
    const token = await h.login('manager@demo.airload');
    const body = (await (await h.call('GET', '/api/v1/me', { token })).json()) as { id: string };
    expect(body.id).toBe('u-manager');
  });

  it('refuses a request without a token and leaves login open', async () => {
    expect((await h.call('GET', '/api/v1/me')).status).toBe(401);
    // The catalog routes are mounted at /api/v1: their guard must not reach the login route.
    const res = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: '0700000101', pin: '1357' },
    });
    expect(res.status).toBe(200);
  });
});
