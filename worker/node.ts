import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { openEmbedded } from '../db/client';
import { DEMO_USERS, ensureSystemAccounts, seedDemo } from '../db/seed';
import { seedDemoHistory } from '../db/seed-history';
import { createApp } from './app';
import { ensureCheckpoint } from './audit/checkpoint';
import { carrierFromConfig } from './carrier/select';
import { type Deps, systemClock } from './deps';
import { nodeConfig } from './env';
import { GracefulStop } from './graceful-stop';
import { CONSOLE_PAGE, isConsoleScreen } from './http/console-page';
import { readOut } from './http/read-out';
import { createLogger, type Logger } from './log';
import { createMetrics } from './metrics';
import { AUDIT_KEY_FILE, JWT_KEY_FILE, persistedSecret } from './persisted-secret';
import { reconcile } from './sales/reconcile';
import { smsFromConfig } from './sms/select';
import { bootstrapAdmin } from './users/bootstrap';

/**
 * The Node host (DESIGN 2): embedded libSQL file, the built PWA, the carrier simulator
 * in-process unless CARRIER_URL names one or CARRIER=reloadly picks Reloadly, and the
 * reconciliation job on a timer.
 */
export async function startNode(config = nodeConfig(), log: Logger = createLogger()) {
  // Issue 14: the audit chain's HMAC key, kept in DATA_DIR like the JWT key when unset.
  const keptKey =
    config.AUDIT_KEY === undefined
      ? persistedSecret(config.DATA_DIR ?? '.', AUDIT_KEY_FILE)
      : undefined;
  const auditKey = config.AUDIT_KEY ?? keptKey!.value;
  const database = await openEmbedded(config.DATABASE_URL, {
    auditKey,
    // A sale whose write the thread may not have committed is never acknowledged, and
    // nothing can be written without the thread: the host stops rather than limp on.
    onFatal: (error) => {
      log.error('the writer thread died; stopping the host', { error });
      process.exit(70);
    },
    dieAtSale: config.CRASH_AT === 'writer_thread' ? 3 : undefined,
  });
  await ensureSystemAccounts(database.writer, config.CURRENCY);
  const seeded =
    config.SEED_DEMO &&
    (await seedDemo(database, config.CURRENCY, Date.now(), config.KDF_ITERATIONS));
  // Issue 11: a first deployment (SEED_DEMO=0) gets its first admin from ADMIN_EMAIL.
  const firstAdmin = await bootstrapAdmin(database, config, Date.now());
  // DESIGN 8 / issue 9 §3: a region with 90 days of sales behind the back office.
  if (seeded && config.SEED_DEMO_HISTORY)
    log.info('seeded demo history', { ...(await seedDemoHistory(database, config, Date.now())) });

  // DESIGN 13: a generated JWT_SECRET is kept in DATA_DIR, so a restart keeps shops logged in.
  const keptJwt =
    config.JWT_SECRET || !config.DATA_DIR
      ? undefined
      : persistedSecret(config.DATA_DIR, JWT_KEY_FILE);
  const crash = () => process.kill(process.pid, 'SIGKILL');
  // Carrier calls that outlive their request; a clean stop lets them settle first.
  const background = new Set<Promise<unknown>>();
  const metrics = createMetrics({ ...database, clock: systemClock, config });
  const deps: Deps = {
    ...database,
    carrier: metrics.timedCarrier(carrierFromConfig(config)),
    clock: systemClock,
    config,
    inflight: new Set(),
    background: (work) => {
      background.add(work);
      void work.finally(() => background.delete(work));
    },
    jwtSecret: config.JWT_SECRET ?? keptJwt?.value ?? randomBytes(32).toString('hex'),
    auditKey,
    log,
    sms: smsFromConfig(config),
    hooks: {
      afterHold: config.CRASH_AT === 'after_hold' ? crash : undefined,
      afterCarrier: config.CRASH_AT === 'after_carrier' ? crash : undefined,
    },
  };
  await ensureCheckpoint(deps);
  const app = createApp(deps, {
    // The shop at /, the console's page for every /console/ screen (deep links included).
    assets: serveStatic({
      root: './web/dist',
      rewriteRequestPath: (path) => (isConsoleScreen(path) ? CONSOLE_PAGE : path),
    }),
    clientAddress: (c) => getConnInfo(c).remote.address,
    metrics: metrics.app,
  });

  // In `background` too, so a clean stop waits for a run under way.
  const runReconciliation = () => {
    const run = reconcile(deps).then(metrics.reconciled, (error) => {
      metrics.reconciled(undefined);
      log.error('reconciliation failed', { error });
    });
    deps.background(run);
    return run;
  };
  await runReconciliation();
  const timer = setInterval(runReconciliation, config.RECONCILE_INTERVAL_MS);

  const graceful = new GracefulStop(config.CARRIER_TIMEOUT_MS);
  const server = serve({
    // Issue 14 item 2: an unread body is read out, so a 413 leaves the connection usable.
    fetch: graceful.guard(async (request, env) => readOut(request, await app.fetch(request, env))),
    port: config.PORT,
    hostname: '0.0.0.0',
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  if (firstAdmin) {
    log.info('made the first admin', { email: firstAdmin.email });
    // Printed once, beside the log rather than in it (issue 14: no password in the log).
    process.stdout.write(
      `\nFirst admin: ${firstAdmin.email}\nOne-time password: ${firstAdmin.password}\n` +
        `Log in at /console/ and keep it safe: it is not shown again.\n\n`,
    );
  }
  if (seeded) {
    // Issue 14: no PIN or password in the log; the demo ones are in README.md.
    log.info('seeded demo data', {
      accounts: DEMO_USERS.map((u) => `${u.role} ${u.phone ?? u.email}`),
      credentials: 'the demo PIN and password of README.md, "Demo accounts"',
    });
  }
  if (keptKey) log.info('audit chain key', { path: keptKey.path, created: keptKey.created });
  if (keptJwt)
    log.info('JWT_SECRET is not set: tokens are signed with the key kept in DATA_DIR', {
      path: keptJwt.path,
      created: keptJwt.created,
    });
  else if (!config.JWT_SECRET)
    log.warn(
      'JWT_SECRET is not set: tokens are signed with a random key and end with this process.',
    );
  log.info(`Airload is serving on http://localhost:${port}`, { port });

  const stop = async () => {
    log.info('stopping: new requests are refused', { wait_ms: config.CARRIER_TIMEOUT_MS });
    clearInterval(timer);
    const outcome = await graceful.drain(server, background);
    await database.close();
    log.info('stopped', { in_flight: outcome });
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
