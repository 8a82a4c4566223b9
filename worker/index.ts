import { openRemote, type RemoteState, remoteState } from '../db/remote';
import { createApp } from './app';
import { HttpCarrierGateway } from './carrier/http';
import { type Deps, systemClock } from './deps';
import { type Config, parseConfig } from './env';
import { reconcile } from './sales/reconcile';

/**
 * The Workers host (DESIGN 2, issue 5): the same app on Cloudflare Workers, its data in
 * a libSQL server (sqld, Turso) over HTTP. wrangler.toml serves the built PWA as static
 * assets and runs `scheduled` (reconciliation) on a cron trigger.
 *
 * Dependencies are built from `env` for each request: the database client and the
 * writer use that request's I/O and nothing else. Only plain state lives longer, per
 * isolate, in a WeakMap keyed by the `env` object (the same object for every request of
 * an isolate; a new isolate, or a changed env, builds it again):
 * - the parsed configuration;
 * - the write lane (worker/ledger/batch-writer.ts): the audit chain's last tail and the
 *   queue that group-commits this isolate's concurrent writes;
 * - the replication mark (db/remote-fetch.ts): no read falls behind this isolate's writes;
 * - the keys whose first request is still being written (DESIGN 4's 409), which only
 *   this isolate can know; across isolates the database's unique key decides.
 */

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

interface Isolate {
  config: Config & { CARRIER_URL: string; JWT_SECRET: string };
  database: RemoteState;
  inflight: Set<string>;
}

const isolates = new WeakMap<Env, Isolate>();

function isolateFor(env: Env): Isolate {
  let isolate = isolates.get(env);
  if (!isolate) {
    const config = parseConfig(env);
    const { DATABASE_URL, CARRIER_URL, JWT_SECRET } = config;
    if (!/^(https?|libsql):/.test(DATABASE_URL)) {
      throw new Error(
        `DATABASE_URL must be a libSQL server (http:, https:, libsql:), not ${DATABASE_URL}`,
      );
    }
    if (!CARRIER_URL) throw new Error('CARRIER_URL is required on Workers (the carrier over HTTP)');
    // Tokens must outlive an isolate, so there is no random fallback here.
    if (!JWT_SECRET) throw new Error('JWT_SECRET is required: wrangler secret put JWT_SECRET');
    isolate = {
      config: { ...config, CARRIER_URL, JWT_SECRET },
      database: remoteState(),
      inflight: new Set(),
    };
    isolates.set(env, isolate);
  }
  return isolate;
}

/** This request's dependencies; `ctx.waitUntil` carries the work that outlives the response. */
export function depsFor(env: Env, ctx: ExecutionContext): Deps {
  const { config, database: state, inflight } = isolateFor(env);
  const database = openRemote(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, state);
  return {
    client: database.client,
    db: database.db,
    writer: database.writer,
    carrier: new HttpCarrierGateway(config.CARRIER_URL),
    clock: systemClock,
    config,
    inflight,
    background: (work) => ctx.waitUntil(work),
    jwtSecret: config.JWT_SECRET,
  };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const response = await createApp(depsFor(env, ctx)).fetch(request);
    // A body the app never read (a request refused before its body mattered) is read
    // out: wrangler dev otherwise stalls the next request on the same connection.
    if (request.body && !request.bodyUsed) await request.arrayBuffer().catch(() => {});
    return response;
  },

  /** The cron trigger (DESIGN 4): settle every pending/unknown sale past its timeout. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    const report = await reconcile(depsFor(env, ctx));
    console.log('reconciliation', controller.cron, JSON.stringify(report));
  },
};
