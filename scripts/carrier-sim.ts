import { serve } from '@hono/node-server';
import { createSimulatorApp, simulatorConfigFromEnv } from '../worker/carrier/sim-server';
import { CarrierSimulator } from '../worker/carrier/simulator';

// `npm run carrier-sim`: the carrier simulator as a standalone HTTP service (DESIGN 4), for
// CARRIER_URL. Configuration: CARRIER_SIM_PORT (or --port), SIM_LATENCY_MS,
// SIM_FAILURE_RATE, SIM_SLOW_MS, SIM_HANG_MS.
const config = simulatorConfigFromEnv(process.env, process.argv.slice(2));
const app = createSimulatorApp(new CarrierSimulator(config.simulator), { hangMs: config.hangMs });
serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, (info) => {
  console.log(`carrier simulator listening on http://127.0.0.1:${info.port}`);
});
