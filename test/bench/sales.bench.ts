import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { checkLedger } from '../../worker/ledger/check';
import { floor, groupCommit } from './floor';
import { cpuSecondsOf, login, postJson, root, startHost, startNullHost, stopHosts } from './host';
import { knob, RETAILER, SALE, saleLoad } from './load';
import { profileTable, summarizeProfiles } from './profile';
import {
  type Ceiling,
  load1,
  machine,
  rows,
  type SalesBenchResult,
  table,
  writeReport,
} from './report';
import { makeTempDir, removeTempDirs } from './temp';
import { printUssd, type UssdBenchResult, ussdLoad, writeUssdReport } from './ussd';

/**
 * `npm run bench` (foundation issue): sales per second and latency of POST /api/v1/sales
 * on the Node host over HTTP, then whole USSD sale sessions on the same host (issue
 * 10), then the floor (the same writes by one writer, no HTTP) and the group-commit path
 * without HTTP. Prints tables, writes docs/bench.md and ends with one line of JSON.
 * Knobs: BENCH_DURATION_S (20), BENCH_WARMUP_S (2), BENCH_CONNECTIONS (64),
 * BENCH_USSD_S (10; 0 skips the USSD row), BENCH_FLOOR_S (5), BENCH_CPU_PROF=<dir>
 * (profile the host), BENCH_CHECK=0 (skip the ledger check), BENCH_TMPDIR (where the
 * databases go).
 */

const DURATION_S = knob('BENCH_DURATION_S', 20);
const WARMUP_S = knob('BENCH_WARMUP_S', 2);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const FLOOR_S = knob('BENCH_FLOOR_S', 5);
const USSD_S = knob('BENCH_USSD_S', 10);
const GROUP_IN_FLIGHT = 64;
const ADMIN = { email: 'admin@demo.airload', password: 'airload-demo' };
const REPORT = join(root, 'docs/bench.md');

/** Enough for the whole run: a funding is capped at 1e12, so several of 1e11. */
async function fundRetailer(url: string, runId: string) {
  const admin = await login(url, ADMIN);
  for (let i = 0; i < 5; i++) {
    const reference = `bench-${runId}-${i}`;
    const res = await postJson(
      `${url}/api/v1/admin/fundings`,
      { phone: RETAILER.phone, amount: 1e11, reference },
      admin,
    );
    if (res.status !== 201)
      throw new Error(`funding failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

const load = (url: string, token: string, seconds: number, keyPrefix: string) =>
  saleLoad(url, token, { connections: CONNECTIONS, seconds, keyPrefix });

async function inspect(dbPath: string) {
  const client = createClient({ url: `file:${dbPath}` });
  try {
    const result = await client.execute(
      `SELECT channel = 'ussd' AS ussd, status, count(*) AS n FROM sales GROUP BY 1, 2`,
    );
    const byStatus = (ussd: boolean) =>
      Object.fromEntries(
        result.rows
          .filter((r) => Boolean(r.ussd) === ussd)
          .map((r) => [String(r.status), Number(r.n)]),
      );
    // The USSD row's sales (issue 10) apart from POST /api/v1/sales's.
    const statuses = byStatus(false);
    const ussdStatuses = byStatus(true);
    const ledgerProblems =
      process.env.BENCH_CHECK === '0' ? null : (await checkLedger(client)).length;
    return { statuses, ussdStatuses, ledgerProblems };
  } finally {
    client.close();
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const runId = Date.now().toString(36);
  const loadBefore = load1();
  const dir = makeTempDir('host');
  const dbPath = join(dir, 'bench.db');
  const host = await startHost({ dbPath, cpuProfDir: process.env.BENCH_CPU_PROF || undefined });
  log(`host on ${host.url}; database ${dbPath}`);

  await fundRetailer(host.url, runId);
  const token = await login(host.url, RETAILER);
  const probe = await fetch(`${host.url}/api/v1/sales`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'idempotency-key': `${runId}-probe`,
    },
    body: JSON.stringify(SALE),
  });
  const probeBody = (await probe.json()) as { status?: string };
  if (probe.status !== 201 || probeBody.status !== 'succeeded') {
    throw new Error(`a single sale did not succeed: ${probe.status} ${JSON.stringify(probeBody)}`);
  }

  if (WARMUP_S > 0) {
    log(`warm-up ${WARMUP_S} s`);
    await load(host.url, token, WARMUP_S, `${runId}-warm`);
  }
  log(`load: ${CONNECTIONS} connections, ${DURATION_S} s`);
  const hostCpuBefore = cpuSecondsOf(host.pid);
  const ownCpuBefore = process.cpuUsage();
  const run = await load(host.url, token, DURATION_S, `${runId}-run`);
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const hostCpuAfter = cpuSecondsOf(host.pid);
  const hostCpu =
    hostCpuBefore === undefined || hostCpuAfter === undefined
      ? undefined
      : (hostCpuAfter - hostCpuBefore) / run.duration;
  let ussd: UssdBenchResult | undefined;
  if (USSD_S > 0) {
    log(`USSD: whole sale sessions, ${CONNECTIONS} connections, ${USSD_S} s`);
    ussd = await ussdLoad(host.url, { connections: CONNECTIONS, seconds: USSD_S, runId });
  }
  await host.stop();
  const serverErrors = host.stderr().trim();
  if (serverErrors) log(`host stderr:\n${serverErrors.slice(0, 4_000)}`);

  // The machine's ceiling under the same load, right after: hosts that do no work.
  const ceilings: Ceiling[] = [];
  for (const [kind, label] of [
    ['node:http', 'a null node:http server'],
    ['hono', 'a null Hono app on @hono/node-server'],
  ] as const) {
    const nullHost = await startNullHost(kind);
    try {
      if (WARMUP_S > 0) await load(nullHost.url, 'none', WARMUP_S, `${runId}-null-warm`);
      log(`ceiling: ${label}, ${CONNECTIONS} connections, ${DURATION_S} s`);
      const before = cpuSecondsOf(nullHost.pid);
      const answered = await load(nullHost.url, 'none', DURATION_S, `${runId}-null`);
      const after = cpuSecondsOf(nullHost.pid);
      ceilings.push({
        label,
        perS: Number(answered.statusCodeStats?.['201']?.count ?? 0) / answered.duration,
        p50Ms: answered.latency.p50,
        p99Ms: answered.latency.p99,
        cpu:
          before === undefined || after === undefined
            ? undefined
            : (after - before) / answered.duration,
      });
    } finally {
      await nullHost.stop();
    }
  }
  const profile = process.env.BENCH_CPU_PROF
    ? profileTable(summarizeProfiles(process.env.BENCH_CPU_PROF))
    : undefined;

  log('checking the host database');
  const { statuses, ussdStatuses, ledgerProblems } = await inspect(dbPath);
  log(`floor: ${FLOOR_S} s each, one writer, no HTTP`);
  const floorOne = await floor(FLOOR_S, 'one');
  const floorTwo = await floor(FLOOR_S, 'two');
  log(`group commit, no HTTP, ${GROUP_IN_FLIGHT} in flight`);
  const group = await groupCommit(FLOOR_S, GROUP_IN_FLIGHT);

  const sales = Number(run.statusCodeStats?.['201']?.count ?? 0);
  const result: SalesBenchResult = {
    date: new Date().toISOString(),
    command: 'npm run bench',
    durationS: run.duration,
    connections: CONNECTIONS,
    salesPerS: sales / run.duration,
    sales,
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    p999Ms: run.latency.p99_9,
    maxMs: run.latency.max,
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: run.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(run.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
    ),
    statuses,
    ledgerProblems,
    floorPerS: floorOne.perSecond,
    floorTwoTxPerS: floorTwo.perSecond,
    groupCommitPerS: group.perSecond,
    groupCommitInFlight: GROUP_IN_FLIGHT,
    floorSeconds: FLOOR_S,
    hostCpu,
    loadGeneratorCpu: (ownCpu.user + ownCpu.system) / 1e6 / run.duration,
    loadBefore,
    loadAfter: load1(),
    ceilings,
    profile,
  };
  writeReport(REPORT, result);
  if (ussd) writeUssdReport(REPORT, { ...ussd, statuses: ussdStatuses });

  const m = machine();
  console.log(`machine: ${m.cpu}, ${m.memory}, Node ${m.node}`);
  console.log(table(rows(result)));
  if (ussd) console.log(printUssd({ ...ussd, statuses: ussdStatuses }));
  console.log(`written to ${REPORT}`);
  const round = (v: number, digits = 0) => Number(v.toFixed(digits));
  console.log(
    JSON.stringify({
      sales_per_s: round(result.salesPerS),
      p50_ms: round(result.p50Ms, 2),
      p99_ms: round(result.p99Ms, 2),
      floor_per_s: round(result.floorPerS),
      ...(ussd && {
        ussd_sessions_per_s: round(ussd.sessionsPerS, 1),
        ussd_p99_ms: round(ussd.p99Ms, 1),
      }),
    }),
  );
}

async function cleanUp() {
  await stopHosts(2_000);
  removeTempDirs();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
