import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { openEmbedded } from '../db/client';
import { DEMO_PASSWORD, DEMO_PIN, DEMO_USERS, ensureSystemAccounts, seedDemo } from '../db/seed';
import { createApp } from './app';
import { carrierFromConfig } from './carrier/select';
import { type Deps, systemClock } from './deps';
import { nodeConfig } from './env';
import { reconcile } from './sales/reconcile';
import { smsFromConfig } from './sms/select';

/**
 * The Node host (DESIGN 2): embedded libSQL file, the built PWA, the carrier simulator
 * in-process unless CARRIER_URL names one or CARRIER=reloadly picks Reloadly, and the
 * reconciliation job on a timer.
 */
export async function startNode(config = nodeConfig()) {
  const database = await openEmbedded(config.DATABASE_URL);
  await ensureSystemAccounts(database.writer, config.CURRENCY);
  const seeded = config.SEED_DEMO && (await seedDemo(database, config.CURRENCY, Date.now()));

  const crash = () => process.kill(process.pid, 'SIGKILL');
  // Carrier calls that outlive their request; a clean stop lets them settle first.
  const background = new Set<Promise<unknown>>();
  const deps: Deps = {
    ...database,
    carrier: carrierFromConfig(config),
    clock: systemClock,
    config,
    inflight: new Set(),
    background: (work) => {
      background.add(work);
      void work.finally(() => background.delete(work));
    },
    jwtSecret: config.JWT_SECRET ?? randomBytes(32).toString('hex'),
    sms: smsFromConfig(config),
    hooks: {
      afterHold: config.CRASH_AT === 'after_hold' ? crash : undefined,
      afterCarrier: config.CRASH_AT === 'after_carrier' ? crash : undefined,
    },
  };
  const app = createApp(deps, {
    assets: serveStatic({ root: './web/dist' }),
    clientAddress: (c) => getConnInfo(c).remote.address,
  });

  const runReconciliation = () =>
    reconcile(deps).catch((error) => console.error('reconciliation failed', error));
  await runReconciliation();
  const timer = setInterval(runReconciliation, config.RECONCILE_INTERVAL_MS);

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: '0.0.0.0' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  if (seeded) {
    console.log('Seeded demo data. Demo accounts:');
    for (const u of DEMO_USERS) {
      console.log(
        `  ${u.role.padEnd(11)} ${(u.phone ?? u.email)!.padEnd(22)} ${u.phone ? `PIN ${DEMO_PIN}` : `password ${DEMO_PASSWORD}`}`,
      );
    }
  }
  if (!config.JWT_SECRET)
    console.log(
      'JWT_SECRET is not set: tokens are signed with a random key and end with this process.',
    );
  console.log(`Airload is serving on http://localhost:${port}`);

  const stop = async () => {
    clearInterval(timer);
    await new Promise((resolve) => server.close(resolve));
    await Promise.allSettled(background);
    await database.close();
  };
  return { port, stop, deps };
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { stop } = await startNode();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().then(() => process.exit(0)));
  }
}
