import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierGateway, TopupRequest } from './gateway';
import { HttpCarrierGateway } from './http';
import { ReloadlyGateway } from './reloadly';
import { createReloadlyFake, serveReloadlyFake } from './reloadly-fake';
import { createSimulatorApp } from './sim-server';
import { CarrierSimulator } from './simulator';

/**
 * One contract for every carrier adapter's `report` (STYLE "One contract suite per
 * interface"; issue 9 reconciliation): each answers from the carrier's own record, by
 * the carrier's clock, for a half-open time range.
 */

const TIMEOUT = 2_000;
const T0 = Date.UTC(2030, 5, 1, 9, 0, 0);
let now = T0;
const clock = () => now;

const fake = createReloadlyFake({ clientId: 'c', clientSecret: 's', now: clock });
let served: Awaited<ReturnType<typeof serveReloadlyFake>>;
beforeAll(async () => {
  served = await serveReloadlyFake(fake);
});
afterAll(() => served.close());

// A 904 stays processing for the whole test.
const simulator = new CarrierSimulator({ now: clock, slowMs: 600_000 });
const httpSim = new CarrierSimulator({ now: clock, slowMs: 600_000 });
const simApp = createSimulatorApp(httpSim);

const adapters: Array<[string, () => CarrierGateway]> = [
  ['in-process simulator', () => simulator],
  [
    'HTTP simulator service',
    () =>
      new HttpCarrierGateway('http://sim.test', (input, init) =>
        // In-process, the request does not end when the client gives up: race its signal.
        Promise.race([
          Promise.resolve(simApp.request(String(input), init)),
          new Promise<never>((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
          ),
        ]),
      ),
  ],
  [
    'Reloadly adapter on its fake',
    () =>
      new ReloadlyGateway({
        clientId: 'c',
        clientSecret: 's',
        authUrl: `${served.url}/oauth/token`,
        apiUrl: served.url,
        now: clock,
      }),
  ],
];

let sequence = 0;
const request = (suffix: string, amount = 12_345): TopupRequest => ({
  saleId: `contract-${++sequence}`,
  msisdn: `+254712345${suffix}`,
  amount,
  currency: 'KES',
  operator: 'safaricom',
});

describe.each(adapters)('carrier report contract: %s', (_name, make) => {
  it('lists what the carrier credited in the range, with our sale id and amount', async () => {
    const carrier = make();
    now += 3_600_000;
    const start = now;
    const credited = request('123');
    await carrier.topup(credited, TIMEOUT);
    now += 60_000;
    const declined = request('901');
    await carrier.topup(declined, TIMEOUT);
    now += 60_000;
    const report = await carrier.report(start, now + 1_000, TIMEOUT);
    expect(report.find((i) => i.saleId === credited.saleId)).toEqual({
      saleId: credited.saleId,
      amount: 12_345,
      status: 'succeeded',
      at: start,
    });
    // A declined top-up credited nothing: absent, or listed as failed.
    const refused = report.find((i) => i.saleId === declined.saleId);
    expect(refused === undefined || refused.status === 'failed').toBe(true);
  });

  it('leaves out top-ups outside the half-open range', async () => {
    const carrier = make();
    now += 3_600_000;
    const before = request('124');
    await carrier.topup(before, TIMEOUT);
    now += 5_000;
    const from = now;
    const inside = request('125');
    await carrier.topup(inside, TIMEOUT);
    now += 5_000;
    const to = now;
    const after = request('126');
    await carrier.topup(after, TIMEOUT);
    const ids = (await carrier.report(from, to, TIMEOUT)).map((i) => i.saleId);
    expect(ids).toContain(inside.saleId);
    expect(ids).not.toContain(before.saleId);
    expect(ids).not.toContain(after.saleId);
  });

  it('reports a top-up still being processed as processing', async () => {
    const carrier = make();
    now += 3_600_000;
    const from = now;
    const slow = request('904');
    // No outcome yet (a timeout, or Reloadly's PROCESSING): only the record matters here.
    await carrier.topup(slow, 1_000).catch(() => undefined);
    const item = (await carrier.report(from, now + 1_000, TIMEOUT)).find(
      (i) => i.saleId === slow.saleId,
    );
    expect(item?.status).toBe('processing');
  });
});

describe('Reloadly transactions report', () => {
  it('reads every page', async () => {
    const carrier = adapters[2]![1]();
    now += 3_600_000;
    const from = now;
    const ids: string[] = [];
    for (let i = 0; i < 205; i++) {
      const r = request('127', 1_000);
      ids.push(r.saleId);
      await carrier.topup(r, TIMEOUT);
    }
    const report = await carrier.report(from, now + 1_000, TIMEOUT);
    expect(report.map((i) => i.saleId).sort()).toEqual(ids.sort());
    expect(fake.requests.reports).toBeGreaterThanOrEqual(2);
  });
});
