import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';
import { reconcile } from '../sales/reconcile';
import type { SaleView } from '../sales/view';
import { ReloadlyGateway } from './reloadly';
import { createReloadlyFake, serveReloadlyFake } from './reloadly-fake';

const PROCESSING_MS = 5_000;

// The fake's own clock: a PROCESSING top-up completes when the test moves it.
let fakeNow = Date.now();
const fake = createReloadlyFake({
  clientId: 'app-client',
  clientSecret: 'app-secret',
  processingMs: PROCESSING_MS,
  now: () => fakeNow,
});
let served: Awaited<ReturnType<typeof serveReloadlyFake>>;
let h: Harness;
let token: string;
let key = 0;

beforeAll(async () => {
  served = await serveReloadlyFake(fake);
  const carrier = new ReloadlyGateway({
    clientId: 'app-client',
    clientSecret: 'app-secret',
    authUrl: `${served.url}/oauth/token`,
    apiUrl: served.url,
  });
  // Timeouts roomy enough for real loopback HTTP, still ordered as parseConfig requires.
  h = await createHarness({
    carrier,
    env: { CARRIER_TIMEOUT_MS: '2000', RECONCILE_AFTER_MS: '5000', SALE_WAIT_MS: '3000' },
  });
  token = await h.login('+254700000101');
});
afterAll(async () => {
  await h.close();
  await served.close();
});

async function sell(msisdn: string, amount: number): Promise<SaleView> {
  const res = await h.sell(token, `reloadly-${++key}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as SaleView;
}

const saleNow = async (id: string) =>
  (await (await h.call('GET', `/api/v1/sales/${id}`, { token })).json()) as SaleView;

async function expectLedgerSound() {
  await h.settled();
  expect(await checkLedger(h.database.client, fake.credited())).toEqual([]);
}

describe('selling through Reloadly', () => {
  it('succeeds a sale, with Reloadly holding the exact amount under our sale id', async () => {
    const sale = await sell('0712345678', 12_345);
    expect(sale.status).toBe('succeeded');
    expect(fake.topup(sale.id)).toMatchObject({
      status: 'SUCCESSFUL',
      amountText: '123.45',
      amount: 12_345,
      recipientPhone: { countryCode: 'KE', number: '254712345678' },
    });
    await expectLedgerSound();
  });

  it('fails a sale to a number Reloadly refuses, and voids its hold', async () => {
    const sale = await sell('0712345901', 1_000);
    expect(sale).toMatchObject({ status: 'failed', failure_code: 'carrier_declined' });
    await expectLedgerSound();
  });

  it('keeps a PROCESSING sale unknown, and reconciliation posts it once Reloadly completes it', async () => {
    const sale = await sell('0712345904', 2_000);
    expect(sale.status).toBe('unknown');
    await expectLedgerSound();

    h.clock.advance(h.config.RECONCILE_AFTER_MS);
    expect(await reconcile(h.deps)).toEqual({
      checked: 1,
      posted: 0,
      voided: 0,
      open: 1,
      reversed: 0,
    });
    expect((await saleNow(sale.id)).status).toBe('unknown');

    fakeNow += PROCESSING_MS;
    expect(await reconcile(h.deps)).toEqual({
      checked: 1,
      posted: 1,
      voided: 0,
      open: 0,
      reversed: 0,
    });
    expect(await saleNow(sale.id)).toMatchObject({ status: 'succeeded' });
    await expectLedgerSound();
  });
});
