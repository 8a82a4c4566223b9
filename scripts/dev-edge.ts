import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { DEMO_PASSWORD, DEMO_PIN, DEMO_USERS } from '../db/seed';
import { createSimulatorApp } from '../worker/carrier/sim-server';
import { CarrierSimulator } from '../worker/carrier/simulator';
import { parseConfig } from '../worker/env';
import { prepareDatabase } from './edge/database';
import { freePort, stopChildren } from './edge/process';
import { startSqld } from './edge/sqld';
import { ROOT, startWrangler } from './edge/wrangler';

/**
 * `npm run dev:edge` (issue 5): the Workers host on this machine. sqld on loopback with
 * its data in DATA_DIR/edge-sqld (default data/edge-sqld, kept between runs, like npm
 * start's data/airload.db),
 * migrated and seeded with the demo data; the carrier simulator service; and
 * `wrangler dev` serving worker/index.ts and the built PWA on PORT (default 8787).
 * The secrets go to .dev.vars (gitignored), where wrangler dev reads them; CARRIER_URL
 * names another carrier service instead of the simulator. Ctrl-C stops all of it.
 *
 * Issue 14 item 3: SIGINT, SIGTERM and SIGHUP stop every child at any moment, start-up
 * included (a child still starting is stopped too, and none starts after), and a second
 * signal does not cut the shutdown short: a signal sent to the process group reaches tsx
 * and this process both, and tsx relays it once more. If this process dies anyway
 * (SIGKILL), each child's watchdog ends it (scripts/edge/process.ts).
 */

const DEV_VARS = join(ROOT, '.dev.vars');

/** .dev.vars as it is: its JWT_SECRET is kept, so tokens outlive a restart. */
function readDevVars(): Record<string, string> {
  if (!existsSync(DEV_VARS)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(DEV_VARS, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

async function main() {
  const config = parseConfig(process.env);
  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // The children first, those still starting included; then the rest, newest first.
      await stopChildren();
      for (const step of stops.reverse()) await step().catch(() => {});
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `on`, not `once`: a repeated signal must find a handler, or Node's default ends
    // the process in the middle of the shutdown.
    process.on(signal, () => void stop().then(() => process.exit(0)));
  }

  try {
    const dataDir = resolve(config.DATA_DIR ?? join(ROOT, 'data'));
    const sqld = await startSqld({ dbPath: join(dataDir, 'edge-sqld'), echo: false });
    stops.push(() => sqld.stop());
    console.log(`sqld (libSQL server) on ${sqld.url}`);

    let carrierUrl = config.CARRIER_URL;
    if (!carrierUrl) {
      const port = await freePort();
      const app = createSimulatorApp(new CarrierSimulator());
      const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
      stops.push(() => new Promise((resolve) => server.close(resolve)));
      carrierUrl = `http://127.0.0.1:${port}`;
      console.log(`carrier simulator on ${carrierUrl}`);
    }

    const seeded = await prepareDatabase(sqld.url, {
      currency: config.CURRENCY,
      demo: config.SEED_DEMO,
    });
    const previous = readDevVars();
    const vars = {
      ...previous,
      JWT_SECRET: previous.JWT_SECRET ?? config.JWT_SECRET ?? randomBytes(32).toString('hex'),
      DATABASE_URL: sqld.url,
      CARRIER_URL: carrierUrl,
      CURRENCY: config.CURRENCY,
      DEFAULT_COUNTRY: config.DEFAULT_COUNTRY,
    };

    writeFileSync(
      DEV_VARS,
      `# Written by npm run dev:edge for wrangler dev; secrets, never committed.\n${Object.entries(
        vars,
      )
        .map(([name, value]) => `${name}="${value}"`)
        .join('\n')}\n`,
      { mode: 0o600 },
    );

    const wrangler = await startWrangler({ port: config.PORT, vars: {}, echo: true });
    stops.push(() => wrangler.stop());
    if (seeded) {
      console.log('Seeded demo data. Demo accounts:');
      for (const u of DEMO_USERS) {
        const login = (u.phone ?? u.email)!;
        const secret = u.phone ? `PIN ${DEMO_PIN}` : `password ${DEMO_PASSWORD}`;
        console.log(`  ${u.role.padEnd(11)} ${login.padEnd(22)} ${secret}`);
      }
    }
    console.log(`Airload (Workers host) is serving on http://localhost:${config.PORT}`);
    console.log(
      `Reconciliation: curl "http://localhost:${config.PORT}/__scheduled?cron=*+*+*+*+*"`,
    );
    await wrangler.child.exited;
    console.error('wrangler dev ended');
  } finally {
    await stop();
  }
}

await main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
