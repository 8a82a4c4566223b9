import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarrierTimeoutError, type TopupRequest } from './gateway';
import { HttpCarrierGateway } from './http';
import { manualTimer } from './manual-timer';
import { createSimulatorApp } from './sim-server';
import { CarrierSimulator } from './simulator';

/** Short, so the tests for a carrier that never answers stay quick. */
const TIMEOUT = 200;
const SLOW_MS = 3_000;

// The server's simulator runs on a manual clock: a 902/903 request stays open until
// the client's real TIMEOUT aborts it, and 904 completes when the test says so.
const clock = manualTimer();
const sim = new CarrierSimulator({ schedule: clock.schedule, slowMs: SLOW_MS });
let server: ServerType;
let baseUrl: string;
let gateway: HttpCarrierGateway;

beforeAll(async () => {
  const app = createSimulatorApp(sim);
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  baseUrl = `http://127.0.0.1:${address.port}`;
  gateway = new HttpCarrierGateway(`${baseUrl}/`);
});

afterAll(async () => {
  // Requests the clients gave up on are still held open by the server: drop them.
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let sequence = 0;
function request(suffix: string, amount = 1_000): TopupRequest {
  const saleId = `sale-${++sequence}`;
  return { saleId, msisdn: `+254712345${suffix}`, amount, currency: 'KES', operator: 'safaricom' };
}

describe('HttpCarrierGateway against the simulator service', () => {
  it('reads an ordinary top-up as succeeded, and its status as succeeded', async () => {
    const sale = request('123');
    const outcome = await gateway.topup(sale, TIMEOUT);
    expect(outcome).toEqual({ status: 'succeeded', carrierRef: expect.any(String) });
    expect(await gateway.status(sale.saleId, TIMEOUT)).toEqual(outcome);
  });

  it('reads 901 as declined and later failed', async () => {
    const sale = request('901');
    expect(await gateway.topup(sale, TIMEOUT)).toMatchObject({ status: 'declined' });
    expect(await gateway.status(sale.saleId, TIMEOUT)).toMatchObject({ status: 'failed' });
  });

  it('reads 905 as unavailable and later failed', async () => {
    const sale = request('905');
    expect(await gateway.topup(sale, TIMEOUT)).toMatchObject({ status: 'unavailable' });
    expect(await gateway.status(sale.saleId, TIMEOUT)).toMatchObject({ status: 'failed' });
  });

  it('throws CarrierTimeoutError for 902 and 903; later 902 is succeeded and 903 not_found', async () => {
    const applied = request('902');
    const lost = request('903');
    const started = Date.now();
    const answers = await Promise.allSettled([
      gateway.topup(applied, TIMEOUT),
      gateway.topup(lost, TIMEOUT),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT - 20);
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 'rejected', reason: expect.any(CarrierTimeoutError) });
    }
    expect(await gateway.status(applied.saleId, TIMEOUT)).toMatchObject({ status: 'succeeded' });
    expect(await gateway.status(lost.saleId, TIMEOUT)).toEqual({ status: 'not_found' });
  });

  it('times out a 904 before slowMs, reports processing, then succeeded once it completes', async () => {
    const sale = request('904');
    await expect(gateway.topup(sale, TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
    expect(await gateway.status(sale.saleId, TIMEOUT)).toEqual({ status: 'processing' });
    await clock.advance(SLOW_MS);
    expect(await gateway.status(sale.saleId, TIMEOUT)).toMatchObject({ status: 'succeeded' });
  });

  it('returns the first outcome for a repeated sale id without crediting twice', async () => {
    const sale = request('123', 700);
    const before = sim.creditedTotal();
    const first = await gateway.topup(sale, TIMEOUT);
    expect(await gateway.topup(sale, TIMEOUT)).toEqual(first);
    expect(sim.creditedTotal() - before).toBe(700);
  });

  it('reverses a succeeded top-up, again reversed, and refuses an unknown sale', async () => {
    const sale = request('123', 400);
    await gateway.topup(sale, TIMEOUT);
    expect(await gateway.reverse(sale.saleId, TIMEOUT)).toEqual({ status: 'reversed' });
    expect(await gateway.reverse(sale.saleId, TIMEOUT)).toEqual({ status: 'reversed' });
    expect(await gateway.status(sale.saleId, TIMEOUT)).toEqual({ status: 'reversed' });
    expect(await gateway.reverse('no-such-sale', TIMEOUT)).toMatchObject({ status: 'refused' });
  });

  it('serves the credited record and its total', async () => {
    const response = await fetch(`${baseUrl}/credited`);
    expect(await response.json()).toEqual({ items: sim.credited(), total: sim.creditedTotal() });
  });
});

describe('HttpCarrierGateway never guesses an outcome', () => {
  const answering = (body: string, status = 200) =>
    new HttpCarrierGateway('http://carrier.test', async () => new Response(body, { status }));

  it('treats a network error as CarrierTimeoutError', async () => {
    const down = new HttpCarrierGateway('http://carrier.test', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(down.status('s1', TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
  });

  it('does not read a 404 as not_found', async () => {
    const gateway = answering(JSON.stringify({ status: 'not_found' }), 404);
    await expect(gateway.status('s1', TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
  });

  it('treats an unexpected or non-JSON body as CarrierTimeoutError', async () => {
    const odd = answering(JSON.stringify({ status: 'maybe' }));
    await expect(odd.topup(request('123'), TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
    const html = answering('<html>gateway error</html>');
    await expect(html.reverse('s1', TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});
