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
import { readOut } from './http/read-out';
import { keptKey } from './key-file';
import { reconcile } from './sales/reconcile';

/**
 * The Node host (DESIGN 2): embedded libSQL file, the built PWA, the carrier simulator
 * in-process unless CARRIER_URL names one or CARRIER=reloadly picks Reloadly, and the
 * reconciliation job on a timer.
 */
export async function startNode(config = nodeConfig()) {
  const database = await openEmbedded(config.DATABASE_URL);
  await ensureSystemAccounts(database.writer, config.CURRENCY);
  const seeded =
    config.SEED_DEMO &&
    (await seedDemo(database, config.CURRENCY, Date.now(), config.KDF_ITERATIONS));

  // DESIGN 13: a generated JWT_SECRET is kept in DATA_DIR, so a restart keeps shops logged in.
  const kept =
    config.JWT_SECRET || !config.DATA_DIR ? undefined : keptKey(config.DATA_DIR, 'jwt-secret');
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
    jwtSecret: config.JWT_SECRET ?? kept?.key ?? randomBytes(32).toString('hex'),
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

  const server = serve({
    // Issue 14 item 2: an unread body is read out, so a 413 leaves the connection usable.
    fetch: async (request, env) => readOut(request, await app.fetch(request, env)),
    port: config.PORT,
    hostname: '0.0.0.0',
  });
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
  if (kept)
    console.log(`JWT_SECRET is not set: tokens are signed with the key kept in ${kept.path}`);
  else if (!config.JWT_SECRET)
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
