import { afterAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../worker/ledger/check';
import { bootstrapAdmin } from '../worker/users/bootstrap';
import { createHarness } from './support/harness';

/**
 * Issue 11 "Done when", through the API the screens call: from an empty database
 * (SEED_DEMO=0) the first admin from ADMIN_EMAIL makes a region, a distributor and two
 * retailers, a product and a commission plan, funds the distributor; a stock request is
 * approved and a sale made. (The screens themselves: test/browser/onboarding.test.ts.)
 */

const h = await createHarness({ seedDemo: false });
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client)).toEqual([]);
  await h.close();
});

async function ok<T>(res: Response, status = 201): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

describe('a first deployment', () => {
  it('goes from an empty database to an approved stock request and a sale', async () => {
    expect(await h.count('users')).toBe(0);
    const first = await bootstrapAdmin(
      h.database,
      { ...h.config, ADMIN_EMAIL: 'ops@example.org' },
      h.clock.now(),
    );
    const admin = await h.login('ops@example.org', first!.password);
    const as = (token: string) => ({
      post: (path: string, body?: unknown, key?: string) =>
        h.call('POST', `/api/v1${path}`, {
          token,
          ...(body !== undefined ? { body } : {}),
          ...(key ? { headers: { 'idempotency-key': key } } : {}),
        }),
    });
    const a = as(admin);
    const region = await ok<{ id: string }>(await a.post('/regions', { name: 'Coast' }));
    const onboard = async (body: object) =>
      ok<{ user: { id: string }; secret: string }>(
        await a.post('/users', { region_id: region.id, ...body }),
      );
    const dist = await onboard({ role: 'distributor', name: 'Coast Dist', phone: '0722000001' });
    const shop = await onboard({
      role: 'retailer',
      name: 'Shop 1',
      phone: '0722000002',
      distributor_id: dist.user.id,
    });
    await onboard({
      role: 'retailer',
      name: 'Shop 2',
      phone: '0722000003',
      distributor_id: dist.user.id,
    });
    await ok(
      await a.post('/products', {
        id: 'safaricom-airtime',
        operator: 'safaricom',
        name: 'Safaricom airtime',
        prefixes: ['70', '71', '72'],
        denominations: [10_000],
      }),
    );
    await ok(await a.post('/commission-plans', { rates: [{ operator: 'safaricom', bps: 500 }] }));
    await ok(
      await a.post('/admin/fundings', {
        phone: '0722000001',
        amount: 1_000_000,
        reference: 'dep-1',
      }),
    );

    const shopToken = await h.login('+254722000002', shop.secret);
    const request = await ok<{ id: string }>(
      await as(shopToken).post('/stock-requests', { amount: 500_000 }, 'sr-1'),
    );
    const distToken = await h.login('+254722000001', dist.secret);
    await ok(
      await as(distToken).post(`/stock-requests/${request.id}/approve`, undefined, 'ap-1'),
      200,
    );
    const sale = await ok<{ status: string; commission: number }>(
      await as(shopToken).post('/sales', { msisdn: '0712345678', amount: 200_000 }, 's-1'),
    );
    expect(sale).toMatchObject({ status: 'succeeded', commission: 10_000 });
    const wallet = await ok<{ available: number }>(
      await h.call('GET', '/api/v1/wallet', { token: shopToken }),
      200,
    );
    expect(wallet.available).toBe(300_000);
  });
});
