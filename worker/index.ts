import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '../db/client';
import { openRemote } from '../db/remote';
import { ReplicationMark } from '../db/remote-fetch';
import { createApp } from './app';
import { carrierFromConfig } from './carrier/select';
import { type Deps, systemClock } from './deps';
import { type Config, parseConfig } from './env';
import { isConsoleScreen } from './http/console-page';
import { readOut } from './http/read-out';
import { RegionClient, type RegionStub } from './ledger/region-writer';
import { logOf } from './log';
import { reconcile } from './sales/reconcile';
import { smsFromConfig } from './sms/select';

/**
 * The Workers host (DESIGN 2, issue 5): the same app on Cloudflare Workers, its data in
 * a libSQL server (sqld, Turso) over HTTP. wrangler.toml serves the built PWA as static
 * assets and runs `scheduled` (reconciliation) on a cron trigger.
 *
 * What does I/O is built from `env` for each request: the database client for reads
 * (openRemote), the writer, and `background`, which is that request's ctx.waitUntil. The
 * request's AsyncLocalStorage scope carries them, so they reach the app through its
 * deps wherever the request's work goes on (the carrier call after the response too).
 *
 * Only plain state lives longer, per isolate, in a WeakMap keyed by the `env` object
 * (the same object for every request of an isolate; a new isolate, or a changed env,
 * builds it again):
 * - the parsed configuration, and the app built once on it (building it per request
 *   cost more than the request itself: measured here, /health 193/s that way);
 * - the replication mark (db/remote-fetch.ts): no read falls behind this isolate's writes,
 *   which the region's Durable Object answers with the index they reached;
 * - the keys whose first request is still being written (DESIGN 4's 409), which only
 *   this isolate can know (across isolates the database's unique key decides), and the
 *   login rate limiters (worker/auth/service.ts keeps them per deps object).
 *
 * Every write goes to the region's single writer (DESIGN 2, issue 13), the Durable
 * Object RegionWriter (worker/ledger/region-writer.ts), named by the database it writes:
 * it group-commits the writes of every isolate and keeps the audit chain's tail, so no
 * two isolates race for the write lock or the chain. Reads go straight to the database.
 */

/** The region's single writer (wrangler.toml [[durable_objects.bindings]]). */
export { RegionWriter } from './ledger/region-writer';

/** Vars and secrets (wrangler.toml [vars], `wrangler secret put`, .dev.vars): strings. */
export type Env = Record<string, string | undefined>;

/** The parts of Cloudflare's ExecutionContext and ScheduledController used here. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}
export interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

/** What belongs to one request (or one cron run). */
interface RequestScope {
  database: Database;
  ctx: ExecutionContext;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

function scope(): RequestScope {
  const current = requestScope.getStore();
  if (!current) throw new Error('database used outside a request');
  return current;
}

/** The part of a Durable Object namespace binding used here. */
interface RegionWriters {
  idFromName(name: string): unknown;
  get(id: unknown): RegionStub;
}

interface Isolate {
  config: Config & { JWT_SECRET: string };
  /** The region writer binding (wrangler.toml); every request that writes needs it. */
  writers: RegionWriters | undefined;
  /** The replication index this isolate's writes reached: its reads wait for it. */
  mark: ReplicationMark;
  deps: Deps;
  app: ReturnType<typeof createApp>;
}

const isolates = new WeakMap<Env, Isolate>();

/**
 * An isolate's state from its `env` (exported for worker/index.test.ts). The carrier is
 * the one the configuration names (worker/carrier/select.ts, as on the Node host), except
 * that the in-process simulator cannot be one: an isolate's memory does not last.
 */
export function buildIsolate(env: Env): Isolate {
  const parsed = parseConfig(env);
  const { DATABASE_URL, CARRIER, CARRIER_URL, JWT_SECRET } = parsed;
  if (!/^(https?|libsql):/.test(DATABASE_URL)) {
    throw new Error(
      `DATABASE_URL must be a libSQL server (http:, https:, libsql:), not ${DATABASE_URL}`,
    );
  }
  if (CARRIER === 'simulator' && !CARRIER_URL)
    throw new Error('CARRIER_URL is required on Workers unless CARRIER=reloadly');
  // Tokens must outlive an isolate, so there is no random fallback here.
  if (!JWT_SECRET) throw new Error('JWT_SECRET is required: wrangler secret put JWT_SECRET');
  const config = { ...parsed, JWT_SECRET };
  const deps: Deps = {
    get client() {
      return scope().database.client;
    },
    get db() {
      return scope().database.db;
    },
    get reader() {
      return scope().database.reader;
    },
    get writer() {
      return scope().database.writer;
    },
    carrier: carrierFromConfig(config),
    clock: systemClock,
    config,
    inflight: new Set(),
    background: (work) => scope().ctx.waitUntil(work),
    jwtSecret: JWT_SECRET,
    auditKey: config.AUDIT_KEY,
    sms: smsFromConfig(config),
  };
  const writers = (env as unknown as { REGION_WRITER?: RegionWriters }).REGION_WRITER;
  return { config, writers, mark: new ReplicationMark(), deps, app: createApp(deps) };
}

function isolateFor(env: Env): Isolate {
  let isolate = isolates.get(env);
  if (!isolate) {
    isolate = buildIsolate(env);
    isolates.set(env, isolate);
  }
  return isolate;
}

/**
 * Runs `work` in a request scope of its own: a database client and a region writer stub
 * for this request only (a stub, like a client, is its request's I/O).
 */
function inScope<T>(isolate: Isolate, ctx: ExecutionContext, work: () => T): T {
  const { config, mark, writers } = isolate;
  if (!writers) throw new Error('the Workers host needs the REGION_WRITER binding (wrangler.toml)');
  const stub = writers.get(writers.idFromName(config.DATABASE_URL));
  const writer = new RegionClient(stub, mark);
  const database = openRemote(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, mark, writer);
  return requestScope.run({ database, ctx }, work);
}

/** wrangler.toml's [assets] binding: the built web apps. */
interface Assets {
  fetch(request: Request): Promise<Response>;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    // A console screen's URL that is no file (a deep link) gets the console's page, as
    // on the Node host; the assets answer /console/ itself before the Worker runs.
    const assets = (env as unknown as { ASSETS?: Assets }).ASSETS;
    if (assets && request.method === 'GET' && isConsoleScreen(new URL(request.url).pathname)) {
      return assets.fetch(new Request(new URL('/console/', request.url), request));
    }
    const isolate = isolateFor(env);
    const response = await inScope(isolate, ctx, () => isolate.app.fetch(request));
    // A body the app never read (a request refused before its body mattered) is read
    // out: wrangler dev otherwise stalls the next request on the same connection.
    return readOut(request, response);
  },

  /** The cron trigger (DESIGN 4): settle every pending/unknown sale past its timeout. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    const isolate = isolateFor(env);
    const report = await inScope(isolate, ctx, () => reconcile(isolate.deps));
    logOf(isolate.deps).info('reconciliation', { cron: controller.cron, report });
  },
};
