import { describe, expect, it } from 'vitest';
import { manualTimer } from './manual-timer';
import { createSimulatorApp, simulatorConfigFromEnv } from './sim-server';
import { CarrierSimulator } from './simulator';

function setup() {
  const clock = manualTimer();
  const sim = new CarrierSimulator({ schedule: clock.schedule });
  return { clock, sim, app: createSimulatorApp(sim, { hangMs: 60_000 }) };
}

const topup = (saleId: string, msisdn: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ saleId, msisdn, amount: 1_000, currency: 'KES', operator: 'safaricom' }),
});

describe('carrier simulator HTTP service', () => {
  it('answers health checks', async () => {
    const { app } = setup();
    expect((await app.request('/health')).status).toBe(200);
  });

  it('rejects a top-up body that does not validate with 400', async () => {
    const { app, sim } = setup();
    const response = await app.request('/topups', topup('s1', 'not-a-number'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const notJson = await app.request('/topups', { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect(sim.credited()).toEqual([]);
  });

  it('holds an unanswered top-up open for hangMs, recording 902 first, then answers 504', async () => {
    const { app, clock } = setup();
    let answered = false;
    const response = Promise.resolve(app.request('/topups', topup('s1', '+254712345902'))).then(
      (r) => {
        answered = true;
        return r;
      },
    );
    await clock.advance(59_999);
    expect(answered).toBe(false);
    const credited = await (await app.request('/credited')).json();
    expect(credited).toEqual({
      items: [{ saleId: 's1', msisdn: '+254712345902', amount: 1_000, status: 'succeeded' }],
      total: 1_000,
    });
    await clock.advance(1);
    expect((await response).status).toBe(504);
  });

  it('serves status and reversal by sale id', async () => {
    const { app } = setup();
    await app.request('/topups', topup('s/1', '+254712345123'));
    const path = `/topups/${encodeURIComponent('s/1')}`;
    expect(await (await app.request(path)).json()).toMatchObject({ status: 'succeeded' });
    const reversal = await app.request(`${path}/reversal`, { method: 'POST' });
    expect(await reversal.json()).toEqual({ status: 'reversed' });
    expect(await (await app.request('/credited')).json()).toMatchObject({ total: 0 });
  });
});

describe('simulatorConfigFromEnv', () => {
  it('defaults to port 8790 and the simulator defaults', () => {
    expect(simulatorConfigFromEnv({})).toEqual({ port: 8790, hangMs: 60_000, simulator: {} });
  });

  it('reads the SIM_ variables, CARRIER_SIM_PORT and a --port flag that wins', () => {
    const env = {
      CARRIER_SIM_PORT: '9000',
      SIM_LATENCY_MS: '50',
      SIM_FAILURE_RATE: '0.1',
      SIM_SLOW_MS: '1000',
      SIM_HANG_MS: '',
    };
    expect(simulatorConfigFromEnv(env)).toEqual({
      port: 9000,
      hangMs: 60_000,
      simulator: { latencyMs: 50, failureRate: 0.1, slowMs: 1_000 },
    });
    expect(simulatorConfigFromEnv(env, ['--port', '9100']).port).toBe(9100);
    expect(simulatorConfigFromEnv(env, ['--port=9200']).port).toBe(9200);
  });

  it('refuses values out of range', () => {
    expect(() => simulatorConfigFromEnv({ SIM_FAILURE_RATE: '2' })).toThrow(/failureRate/);
    expect(() => simulatorConfigFromEnv({ CARRIER_SIM_PORT: 'http' })).toThrow(/port/);
  });
});
