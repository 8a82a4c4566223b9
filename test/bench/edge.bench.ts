import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { prepareDatabase } from '../../scripts/edge/database';
import { freePort } from '../../scripts/edge/process';
import { startSqld } from '../../scripts/edge/sqld';
import { startWrangler } from '../../scripts/edge/wrangler';
import { createSimulatorApp } from '../../worker/carrier/sim-server';
import { CarrierSimulator } from '../../worker/carrier/simulator';
import { checkLedger } from '../../worker/ledger/check';
import { sqldFloor } from './edge-floor';
import { login, postJson, root } from './host';
import { knob, RETAILER, saleLoad } from './load';
import { load1, machine, table, writeSection } from './report';

/**
 * `npm run bench:edge` (issue 5): POST /api/v1/sales against `wrangler dev` (workerd) on
 * an sqld primary, both on loopback, 64 connections, then what sqld takes without the
 * Worker (one writer, and 64 in flight through one write lane). Writes its section of
 * docs/bench.md. Knobs: BENCH_DURATION_S (10), BENCH_WARMUP_S (2), BENCH_CONNECTIONS
 * (64), BENCH_FLOOR_S (5), BENCH_EDGE_WRITER (`region`, the region's Durable Object; or
 * `isolate`, the per-isolate lanes before issue 13, for a comparison).
 */

const DURATION_S = knob('BENCH_DURATION_S', 10);
const WARMUP_S = knob('BENCH_WARMUP_S', 2);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const FLOOR_S = knob('BENCH_FLOOR_S', 5);
const REPORT = join(root, 'docs/bench.md');
const WRITER = process.env.BENCH_EDGE_WRITER === 'isolate' ? 'isolate' : 'region';

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
    const wrangler = await startWrangler({
      assets,
      vars: {
        DATABASE_URL: sqld.url,
        CARRIER_URL: `http://127.0.0.1:${carrierPort}`,
        JWT_SECRET: 'bench-secret-that-is-at-least-32-characters-long',
        // The outlet's daily limit would stop the run after 10,000 sales of 1,000.
        DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
        EDGE_WRITER: WRITER,
      },
    });
    stops.push(() => wrangler.stop());
    log(`wrangler dev on ${wrangler.url}, sqld on ${sqld.url}`);

    const admin = await login(wrangler.url, {
      email: 'admin@demo.airload',
      password: 'airload-demo',
    });
    const funding = await postJson(
      `${wrangler.url}/api/v1/admin/fundings`,
      { phone: RETAILER.phone, amount: 1e11, reference: `bench-edge-${runId}` },
      admin,
    );
    if (funding.status !== 201) throw new Error(`funding failed: ${funding.status}`);
    const token = await login(wrangler.url, RETAILER);
    if (WARMUP_S > 0) await load(wrangler.url, token, WARMUP_S, `${runId}-warm`);
    log(`load: ${CONNECTIONS} connections, ${DURATION_S} s`);
    const run = await load(wrangler.url, token, DURATION_S, `${runId}-run`);

    const logs = wrangler.child.output();
    const busyInLogs = (logs.match(/database is locked|SQLITE_BUSY/g) ?? []).length;
    const statusCodes: Record<string, number> = Object.fromEntries(
      Object.entries(run.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s?.count ?? 0)]),
    );
    const serverErrors = Object.entries(statusCodes)
      .filter(([code]) => code.startsWith('5'))
      .reduce((sum, [, n]) => sum + n, 0);
    const sales = Number(statusCodes['201'] ?? 0);

    const check = createClient({ url: sqld.url });
    const byStatus = await check.execute('SELECT status, count(*) AS n FROM sales GROUP BY status');
    const problems = await checkLedger(check);
    check.close();
    log(`floor: ${FLOOR_S} s each, sqld without the Worker`);
    const floorOne = await sqldFloor(sqld.url, FLOOR_S, 1);
    const floorLane = await sqldFloor(sqld.url, FLOOR_S, 64);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const rows: Array<[string, string]> = [
      [
        'HTTP sales/s (201 answers)',
        `${fmt(sales / run.duration)} (${fmt(sales)} in ${run.duration.toFixed(2)} s)`,
      ],
      ['latency p50', `${run.latency.p50} ms`],
      ['latency p99', `${run.latency.p99} ms`],
      ['latency max', `${run.latency.max} ms`],
      [
        'answers by status',
        Object.entries(statusCodes)
          .map(([c, n]) => `${c} ${fmt(n)}`)
          .join(', '),
      ],
      ['5xx answers (a BUSY that reached a client would be one)', fmt(serverErrors)],
      ['"database is locked" in the Worker log', fmt(busyInLogs)],
      ['connection errors / timeouts', `${run.errors} / ${run.timeouts}`],
      [
        'sales in sqld after the run',
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

autocannon in the bench process, ${CONNECTIONS} connections, ${run.duration.toFixed(2)} s after a
${WARMUP_S} s warm-up, against \`wrangler dev\` (workerd) serving worker/index.ts,
its data in one sqld (libSQL server) primary over HTTP, the carrier simulator service
in the bench process; all on loopback, on the same 2 cores. Each request has its own
Idempotency-Key and sells 1,000 to 0712345678 (succeeds at once). A sale is two write
batches (hold with its audit entry, then post), plus about four reads. Writer:
${WRITER === 'region' ? "the region's Durable Object (worker/ledger/region-writer.ts), one group commit for every isolate" : "each isolate's own write lane (EDGE_WRITER=isolate, the path before issue 13)"}.

${markdown}

Bar (issue 13): 500 sales/s, p99 under 500 ms, no BUSY error a client can see; aim: the
queue floor above. docs/scaling.md says
what limits it and what it means for a country.`;
    writeSection(REPORT, 'edge', body.trim());
    console.log(table(rows));
    console.log(
      JSON.stringify({
        salesPerS: sales / run.duration,
        p50: run.latency.p50,
        p99: run.latency.p99,
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
