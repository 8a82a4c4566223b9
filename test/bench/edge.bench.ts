import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import autocannon from 'autocannon';
import { prepareDatabase } from '../../scripts/edge/database';
import { freePort } from '../../scripts/edge/process';
import { startSqld } from '../../scripts/edge/sqld';
import { startWrangler } from '../../scripts/edge/wrangler';
import { createSimulatorApp } from '../../worker/carrier/sim-server';
import { CarrierSimulator } from '../../worker/carrier/simulator';
import { checkLedger } from '../../worker/ledger/check';
import { cpuShares, cpuSnapshot, findProcess, sharesText } from './cpu';
import { sqldFloor, sqldRequestCost } from './edge-floor';
import { login, postJson, root } from './host';
import { knob, RETAILER, SALE, saleLoad } from './load';
import { load1, machine, table, writeSection } from './report';

/**
 * `npm run bench:edge` (issue 5, issue 13): POST /api/v1/sales against wrangler's dev
 * server (workerd) on an sqld primary, both on loopback, 64 connections, in one run:
 * - the null Worker, no work and no subrequest: the dev server's ceiling here;
 * - sqld's CPU per HTTP request, on this schema and on an empty database;
 * - Airload (writes through the region's Durable Object) on the dev server without its
 *   inspector, then under the `wrangler dev` CLI (inspector on);
 * then what sqld takes without a Worker (one writer, and 64 in flight through one
 * group-commit queue). Writes its section of docs/bench.md. Knobs: BENCH_DURATION_S (10),
 * BENCH_WARMUP_S (2), BENCH_CONNECTIONS (64), BENCH_FLOOR_S (5).
 */

const DURATION_S = knob('BENCH_DURATION_S', 10);
const WARMUP_S = knob('BENCH_WARMUP_S', 2);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const FLOOR_S = knob('BENCH_FLOOR_S', 5);
const REPORT = join(root, 'docs/bench.md');

const load = (url: string, token: string, seconds: number, keyPrefix: string) =>
  saleLoad(url, token, { connections: CONNECTIONS, seconds, keyPrefix });

/** A markdown table padded the way biome formats one, so `biome check .` passes on the report. */
function markdownTable(head: [string, string], body: Array<[string, string]>): string {
  const cells = [head, ...body].map((row) => row.map((cell) => cell.replace(/\|/g, '/')));
  const width = [0, 1].map((c) => Math.max(3, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(width[c]!)).join(' | ')} |`;
  return [line(cells[0]!), line(width.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/**
 * The subrequests one sale makes (issue 13, counted through a proxy in front of sqld):
 * 7 to the database (the session and limits reads, the hold's and the post's batches
 * from the region's Durable Object, the receipt SMS outbox's claim, read and update after
 * the answer), 2 to the Durable Object, 1 to the carrier.
 */
const SALE_SUBREQUESTS = 10;

interface Run {
  salesPerS: number;
  p50: number;
  p99: number;
  max: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  duration: number;
  cpu: string;
  /** sqld's CPU per answered request, ms: what the database server spends on one sale. */
  sqldMsPerAnswer: number;
}

function summary(run: autocannon.Result, shares: Array<{ comm: string; share: number }>): Run {
  const statusCodes: Record<string, number> = Object.fromEntries(
    Object.entries(run.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s?.count ?? 0)]),
  );
  const answered = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  const sqld = shares.find((p) => p.comm === 'sqld')?.share ?? 0;
  return {
    salesPerS: Number(statusCodes['201'] ?? 0) / run.duration,
    p50: run.latency.p50,
    p99: run.latency.p99,
    max: run.latency.max,
    statusCodes,
    errors: run.errors,
    timeouts: run.timeouts,
    duration: run.duration,
    cpu: sharesText(shares),
    sqldMsPerAnswer: answered > 0 ? (sqld * run.duration * 1000) / answered : 0,
  };
}

/** Runs `work` and the CPU each process of the stack used meanwhile. */
async function measured<T extends autocannon.Result>(
  roots: number[],
  work: () => Promise<T>,
): Promise<Run> {
  const before = cpuSnapshot();
  const result = await work();
  return summary(result, cpuShares(before, cpuSnapshot(), result.duration, roots));
}

async function main() {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const stops: Array<() => Promise<unknown>> = [];
  const runId = Date.now().toString(36);
  const loadBefore = load1();
  try {
    const sqld = await startSqld();
    stops.push(() => sqld.stop());
    await prepareDatabase(sqld.url);
    const carrierPort = await freePort();
    const simulator = new CarrierSimulator();
    const server = serve({
      fetch: createSimulatorApp(simulator).fetch,
      port: carrierPort,
      hostname: '127.0.0.1',
    });
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const assets = mkdtempSync(join(tmpdir(), 'airload-bench-assets-'));
    writeFileSync(join(assets, 'index.html'), '<!doctype html>\n');
    stops.push(async () => rmSync(assets, { recursive: true, force: true }));
    // The bench's own process and sqld are part of every stack measured.
    const shared = [process.pid, sqld.child.pid];

    /** Airload's Worker on a dev server: its sales under load, then the dev server stopped. */
    const airload = async (name: string, inspector: boolean): Promise<Run> => {
      const wrangler = await startWrangler({
        assets,
        inspector,
        vars: {
          DATABASE_URL: sqld.url,
          CARRIER_URL: `http://127.0.0.1:${carrierPort}`,
          JWT_SECRET: 'bench-secret-that-is-at-least-32-characters-long',
          // The outlet's daily limit would stop the run after 10,000 sales of 1,000.
          DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
        },
      });
      try {
        const admin = await login(wrangler.url, {
          email: 'admin@demo.airload',
          password: 'airload-demo',
        });
        const funding = await postJson(
          `${wrangler.url}/api/v1/admin/fundings`,
          { phone: RETAILER.phone, amount: 1e11, reference: `bench-edge-${runId}-${name}` },
          admin,
        );
        if (funding.status !== 201) throw new Error(`funding failed: ${funding.status}`);
        const token = await login(wrangler.url, RETAILER);
        const prefix = `${runId}-${name}`;
        if (WARMUP_S > 0) await load(wrangler.url, token, WARMUP_S, `${prefix}-warm`);
        log(`${name}: ${CONNECTIONS} connections, ${DURATION_S} s`);
        const run = await measured([...shared, wrangler.child.pid], () =>
          load(wrangler.url, token, DURATION_S, `${prefix}-run`),
        );
        busyInLogs += (wrangler.child.output().match(/database is locked|SQLITE_BUSY/g) ?? [])
          .length;
        return run;
      } finally {
        await wrangler.stop();
      }
    };
    let busyInLogs = 0;

    /** The null Worker (test/bench/null-worker) under the same load. */
    const nullWorker = async (): Promise<Run> => {
      const wrangler = await startWrangler({
        root: join(root, 'test/bench/null-worker'),
        inspector: false,
        vars: {},
      });
      try {
        const options = { url: wrangler.url, method: 'POST' as const, connections: CONNECTIONS };
        const body = JSON.stringify(SALE);
        if (WARMUP_S > 0) await autocannon({ ...options, body, duration: WARMUP_S });
        log(`null Worker: ${CONNECTIONS} connections, ${DURATION_S} s`);
        return await measured([...shared, wrangler.child.pid], () =>
          autocannon({ ...options, body, duration: DURATION_S }),
        );
      } finally {
        await wrangler.stop();
      }
    };

    const nullBare = await nullWorker();
    log('sqld: CPU per request, on this schema and on an empty database');
    const sqldPid = findProcess(sqld.child.pid, 'sqld') ?? sqld.child.pid;
    const requestMs = await sqldRequestCost(sqld.url, sqldPid, FLOOR_S);
    const empty = await startSqld();
    stops.push(() => empty.stop());
    const emptyPid = findProcess(empty.child.pid, 'sqld') ?? empty.child.pid;
    const emptyRequestMs = await sqldRequestCost(empty.url, emptyPid, FLOOR_S);
    await empty.stop();
    const region = await airload('region', false);
    const cli = await airload('cli', true);

    const check = createClient({ url: sqld.url });
    const byStatus = await check.execute('SELECT status, count(*) AS n FROM sales GROUP BY status');
    const problems = await checkLedger(check);
    check.close();
    log(`floor: ${FLOOR_S} s each, sqld without the Worker`);
    const floorOne = await sqldFloor(sqld.url, FLOOR_S, 1);
    const floorLane = await sqldFloor(sqld.url, FLOOR_S, 64);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const runRow = (label: string, run: Run, unit = 'sales/s'): Array<[string, string]> => [
      [
        label,
        `${fmt(run.salesPerS)} ${unit}, p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms`,
      ],
      [
        `${label}: answers / connection errors / timeouts`,
        `${Object.entries(run.statusCodes)
          .map(([c, n]) => `${c} ${fmt(n)}`)
          .join(', ')} / ${run.errors} / ${run.timeouts}`,
      ],
      [
        `${label}: CPU by process (share of one core); sqld's per answer`,
        `${run.cpu}; sqld ${run.sqldMsPerAnswer.toFixed(1)} ms`,
      ],
    ];
    const serverErrors = [region, cli]
      .flatMap((run) => Object.entries(run.statusCodes))
      .filter(([code]) => code.startsWith('5'))
      .reduce((sum, [, n]) => sum + n, 0);
    const rows: Array<[string, string]> = [
      ...runRow("Airload, the region's Durable Object (dev server, no inspector)", region),
      ...runRow("Airload, the region's Durable Object, `wrangler dev` CLI (inspector on)", cli),
      ...runRow('null Worker (dev server, no inspector)', nullBare, 'answers/s'),
      ['ratio: Airload ÷ null Worker', `${(region.salesPerS / nullBare.salesPerS).toFixed(2)}×`],
      [
        "sqld CPU per HTTP request (SELECT 1, 16 at a time): Airload's schema / an empty database",
        `${requestMs.toFixed(2)} ms / ${emptyRequestMs.toFixed(2)} ms`,
      ],
      [
        "sales/s one core of sqld gives at the Durable Object run's sqld CPU per sale",
        fmt(1000 / region.sqldMsPerAnswer),
      ],
      [
        'ratio: no inspector ÷ CLI with inspector',
        `${(region.salesPerS / cli.salesPerS).toFixed(2)}×`,
      ],
      [
        '5xx answers in the Airload runs (a BUSY that reached a client would be one)',
        fmt(serverErrors),
      ],
      ['"database is locked" in the Worker logs', fmt(busyInLogs)],
      [
        'sales in sqld after the runs',
        byStatus.rows.map((r) => `${r.status} ${fmt(Number(r.n))}`).join(', '),
      ],
      ['ledger check', problems.length === 0 ? 'sound' : `${problems.length} problems`],
      ['sqld floor/s: one writer, hold + post (2 batches), no Worker', fmt(floorOne)],
      ['sqld floor/s: 64 in flight through one group-commit queue, no Worker', fmt(floorLane)],
      ['load average (1 min) before / after', `${loadBefore.toFixed(2)} / ${load1().toFixed(2)}`],
    ];
    const m = machine();
    const markdown = markdownTable(['measure', 'value'], rows);
    const body = `## Sales: POST /api/v1/sales on the Workers host (wrangler dev + sqld)

Run \`npm run bench:edge\` on ${new Date().toISOString()}. Machine: ${m.cpu} (${m.cores} cores), ${m.memory}, Node ${m.node}, ${m.os}.

autocannon in the bench process, ${CONNECTIONS} connections, ${DURATION_S} s a run after a
${WARMUP_S} s warm-up, against wrangler's dev server (its proxy worker in front of the
Worker in workerd, local Durable Objects) serving worker/index.ts, its data in one sqld
(libSQL server) primary over HTTP, the carrier simulator service in the bench process; all
on loopback, on the same 2 cores. Each request has its own Idempotency-Key and sells 1,000
to 0712345678 (succeeds at once). A sale makes ${SALE_SUBREQUESTS} subrequests (the session and limits
reads, the hold and the post through the region's Durable Object and its batch, the
carrier, the receipt SMS outbox). "No inspector" is the dev server started through
wrangler's API without its DevTools inspector (scripts/edge/dev-server.ts); the \`wrangler
dev\` CLI always attaches one, which has workerd report every subrequest to wrangler's Node
process. The null Worker (test/bench/null-worker) answers with no work and no subrequest:
the dev server's own ceiling on this machine. sqld's CPU per request is measured apart,
on the bench's database and on an empty one: sqld opens a connection for every HTTP
request that carries no baton, and a connection reads the schema. Each run's CPU is per
process, from /proc.

${markdown}

Bar (issue 13): 500 sales/s, p99 under 500 ms, no BUSY error a client can see; aim: the
queue floor above. docs/scaling.md says what limits it and what it means for a country.`;
    writeSection(REPORT, 'edge', body.trim());
    console.log(table(rows));
    console.log(
      JSON.stringify({
        salesPerS: region.salesPerS,
        p50: region.p50,
        p99: region.p99,
        cliSalesPerS: cli.salesPerS,
        nullPerS: nullBare.salesPerS,
        sqldRequestMs: requestMs,
        serverErrors,
        busyInLogs,
        floorOne,
        floorLane,
      }),
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

await main();
