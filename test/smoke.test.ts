import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../worker/ledger/check';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('a sale end to end', () => {
  it('sells, posts and credits commission', async () => {
    const token = await h.login('+254700000101');
    const res = await h.sell(token, 'smoke-1', { msisdn: '0712345678', amount: 10_000 });
    expect(res.status).toBe(201);
    const sale = await res.json();
    expect(sale).toMatchObject({ status: 'succeeded', commission: 600, msisdn: '+254712345678' });
    const wallet = await (await h.call('GET', '/api/v1/wallet', { token })).json();
    expect(wallet).toEqual({ available: 4_990_000, held: 0, commission: 600, currency: 'KES' });
    expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
  });
});
