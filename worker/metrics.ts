import { timingSafeEqual } from 'node:crypto';
import { prometheus } from '@hono/prometheus';
import type { Client } from '@libsql/client';
import type { MiddlewareHandler } from 'hono';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppEnv } from './auth/middleware';
import { type CarrierGateway, CarrierTimeoutError } from './carrier/gateway';
import type { Clock } from './deps';
import type { Config } from './env';
import { AppError, appError } from './errors';
import type { Writer } from './ledger/writer';
import type { ReconcileReport } from './sales/reconcile';

/**
 * GET /metrics on the Node host (DESIGN 13, issue 14), Prometheus text format. Node only
 * (prom-client): worker/app.ts mounts it when the host passes it, and the Workers host
 * does not, so there it is a 404.
 *
 * Sales by channel and status are counted in the database at each scrape (a gauge): a
 * sale's status moves on (pending → succeeded → reversed), so a per-status count can go
 * down, and the database's count is exact across restarts and hosts. Everything else is
 * this process's own: carrier call latency, the write queue, logins refused, runs of
 * the reconciliation job, and its backlog (read at each scrape).
 */

interface Sources {
  client: Client;
  writer: Writer;
  clock: Clock;
  config: Pick<Config, 'METRICS_TOKEN'>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics({ client, writer, clock, config }: Sources) {
  const registry = new Registry();
  const registers = [registry];
  // Request counts and durations by route (c.req.routePath, never an id), and process metrics.
  const { registerMetrics } = prometheus({ registry, collectDefaultMetrics: true });

  const carrierSeconds = new Histogram({
    name: 'airload_carrier_call_seconds',
    help: 'Carrier calls by call (topup, status, reverse) and outcome, seconds',
    labelNames: ['call', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers,
  });
  const loginsRefused = new Counter({
    name: 'airload_logins_refused_total',
    help: 'POST /api/v1/auth/login answers other than 200, by error code',
    labelNames: ['reason'],
    registers,
  });
  const reconciliations = new Counter({
    name: 'airload_reconciliation_sales_total',
    help: 'Sales the reconciliation job of this process looked at, by what became of them',
    labelNames: ['result'],
    registers,
  });
  const reconciliationRuns = new Counter({
    name: 'airload_reconciliation_runs_total',
    help: 'Runs of the reconciliation job in this process, by outcome',
    labelNames: ['outcome'],
    registers,
  });
  new Gauge({
    name: 'airload_reconciliation_backlog',
    help: 'Pending or unknown sales past their resolve time (RECONCILE_AFTER_MS), by status',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      for (const status of ['pending', 'unknown']) this.set({ status }, 0);
      const { rows } = await client.execute({
        sql: `SELECT status, count(*) AS n FROM sales
              WHERE status IN ('pending', 'unknown') AND resolve_after <= ? GROUP BY status`,
        args: [clock.now()],
      });
      for (const row of rows) this.set({ status: String(row.status) }, Number(row.n));
    },
  });
  new Gauge({
    name: 'airload_sales',
    help: 'Sales in the database by channel and status',
    labelNames: ['channel', 'status'],
    registers,
    async collect() {
      this.reset();
      const { rows } = await client.execute(
        'SELECT channel, status, count(*) AS n FROM sales GROUP BY channel, status',
      );
      for (const row of rows)
        this.set({ channel: String(row.channel), status: String(row.status) }, Number(row.n));
    },
  });
  const stat = (
    name: string,
    help: string,
    pick: (s: NonNullable<ReturnType<NonNullable<Writer['stats']>>>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const stats = writer.stats?.();
        if (stats) this.set(pick(stats));
      },
    });
  stat('airload_write_queue_depth', 'Writes waiting for the next group commit', (s) => s.queued);
  stat('airload_write_last_group_size', 'Writes in the last group commit', (s) => s.lastGroupSize);
  stat('airload_write_groups', 'Group commits since start (counts up)', (s) => s.groups);
  stat('airload_writes', 'Writes committed or refused since start (counts up)', (s) => s.writes);

  const timed = async <T extends { status: string } | unknown[]>(
    call: string,
    run: () => Promise<T>,
  ) => {
    const end = carrierSeconds.startTimer({ call });
    try {
      const outcome = await run();
      end({ outcome: Array.isArray(outcome) ? 'ok' : outcome.status });
      return outcome;
    } catch (error) {
      end({ outcome: error instanceof CarrierTimeoutError ? 'timeout' : 'error' });
      throw error;
    }
  };

  const middleware: MiddlewareHandler<AppEnv> = (c, next) =>
    registerMetrics(c, async () => {
      await next();
      if (c.req.method === 'POST' && c.req.path === '/api/v1/auth/login' && c.res.status !== 200) {
        const reason = c.error instanceof AppError ? c.error.code : `http_${c.res.status}`;
        loginsRefused.inc({ reason });
      }
    });

  /** Loopback only, unless METRICS_TOKEN is set: then that bearer token, from anywhere. */
  const handler: MiddlewareHandler<AppEnv> = async (c) => {
    const token = config.METRICS_TOKEN;
    if (token !== undefined) {
      if (!sameSecret(c.req.header('authorization'), `Bearer ${token}`))
        return c.json(
          appError('unauthenticated', 'Send Authorization: Bearer <METRICS_TOKEN>').toJSON(),
          401,
        );
    } else if (!LOOPBACK.has(c.get('clientAddress'))) {
      return c.json(appError('not_found', 'No such route').toJSON(), 404);
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  };

  return {
    registry,
    app: { middleware, handler },
    /** `gateway` with each call timed into airload_carrier_call_seconds. */
    timedCarrier(gateway: CarrierGateway): CarrierGateway {
      return {
        topup: (request, timeoutMs) => timed('topup', () => gateway.topup(request, timeoutMs)),
        status: (saleId, timeoutMs) => timed('status', () => gateway.status(saleId, timeoutMs)),
        reverse: (saleId, timeoutMs) => timed('reverse', () => gateway.reverse(saleId, timeoutMs)),
        report: (fromMs, toMs, timeoutMs) =>
          timed('report', () => gateway.report(fromMs, toMs, timeoutMs)),
        ...(gateway.credited ? { credited: () => gateway.credited!() } : {}),
      };
    },
    /** Counts one run of the reconciliation job. */
    reconciled(report: ReconcileReport | undefined) {
      reconciliationRuns.inc({ outcome: report ? 'ok' : 'failed' });
      if (!report) return;
      reconciliations.inc({ result: 'posted' }, report.posted);
      reconciliations.inc({ result: 'voided' }, report.voided);
      reconciliations.inc({ result: 'open' }, report.open);
      reconciliations.inc({ result: 'reversed' }, report.reversed);
    },
  };
}
