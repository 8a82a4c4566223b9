import { Hono } from 'hono';
import { z } from 'zod';
import { CarrierTimeoutError } from './gateway';
import type { CarrierSimulator, SimulatorOptions } from './simulator';

/**
 * The carrier simulator as a standalone HTTP service (DESIGN 4), for hosts that cannot
 * run it in-process. `npm run carrier-sim`; HttpCarrierGateway is its client.
 */

export interface SimulatorAppOptions {
  /**
   * How long the server holds a top-up the operator never answers (902, 903) before
   * giving up with 504; far longer than any client timeout. Default 60000.
   */
  hangMs?: number;
}

const topupRequest = z.object({
  saleId: z.string().min(1).max(255),
  msisdn: z.string().regex(/^\+?[0-9]{6,15}$/, 'digits, optionally after +'),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  operator: z.string().min(1),
});

const reportRange = z.object({ from: z.coerce.number().int(), to: z.coerce.number().int() });

export function createSimulatorApp(sim: CarrierSimulator, options: SimulatorAppOptions = {}) {
  const hangMs = options.hangMs ?? 60_000;
  const app = new Hono();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.post('/topups', async (c) => {
    const parsed = topupRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const message = z.prettifyError(parsed.error);
      return c.json({ error: { code: 'invalid_request', message } }, 400);
    }
    return c.json(await sim.topup(parsed.data, hangMs));
  });

  app.get('/topups/:saleId', async (c) => c.json(await sim.status(c.req.param('saleId'), hangMs)));

  app.post('/topups/:saleId/reversal', async (c) =>
    c.json(await sim.reverse(c.req.param('saleId'), hangMs)),
  );

  app.get('/report', async (c) => {
    const range = reportRange.safeParse(c.req.query());
    if (!range.success) {
      return c.json({ error: { code: 'invalid_request', message: 'from and to, epoch ms' } }, 400);
    }
    return c.json({ items: await sim.report(range.data.from, range.data.to, hangMs) });
  });

  app.get('/credited', (c) => c.json({ items: sim.credited(), total: sim.creditedTotal() }));

  app.onError((error, c) => {
    if (error instanceof CarrierTimeoutError) {
      return c.json({ error: { code: 'carrier_timeout', message: error.message } }, 504);
    }
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });

  return app;
}

export interface SimulatorConfig {
  port: number;
  hangMs: number;
  simulator: SimulatorOptions;
}

const ms = z.coerce.number().int().min(0);
const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8790),
  hangMs: ms.default(60_000),
  latencyMs: ms.optional(),
  failureRate: z.coerce.number().min(0).max(1).optional(),
  slowMs: ms.optional(),
});

/**
 * The standalone service's configuration: `--port N` (or `--port=N`) wins over
 * CARRIER_SIM_PORT; SIM_LATENCY_MS, SIM_FAILURE_RATE, SIM_SLOW_MS, SIM_HANG_MS.
 * Only this function reads them; scripts/carrier-sim.ts passes it the environment.
 */
export function simulatorConfigFromEnv(
  env: Record<string, string | undefined>,
  argv: readonly string[] = [],
): SimulatorConfig {
  const raw = {
    port: portFlag(argv) ?? env.CARRIER_SIM_PORT,
    hangMs: env.SIM_HANG_MS,
    latencyMs: env.SIM_LATENCY_MS,
    failureRate: env.SIM_FAILURE_RATE,
    slowMs: env.SIM_SLOW_MS,
  };
  const set = Object.entries(raw).filter(([, value]) => value !== undefined && value !== '');
  const parsed = configSchema.safeParse(Object.fromEntries(set));
  if (!parsed.success) {
    throw new Error(`Invalid carrier simulator configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const { port, hangMs, ...simulator } = parsed.data;
  return { port, hangMs, simulator };
}

function portFlag(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (at < 0) return undefined;
  const arg = argv[at]!;
  return arg === '--port' ? argv[at + 1] : arg.slice('--port='.length);
}
