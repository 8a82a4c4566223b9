import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';

export interface SalesBenchResult {
  date: string;
  command: string;
  durationS: number;
  connections: number;
  /** 201 answers per second of the measured run. */
  salesPerS: number;
  sales: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** Non-2xx answers, connection errors and timeouts. */
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Answers by HTTP status. */
  statusCodes: Record<string, number>;
  /** App sales in the host's database after the run, by status (warm-up included; USSD apart). */
  statuses: Record<string, number>;
  ledgerProblems: number | null;
  floorPerS: number;
  floorTwoTxPerS: number;
  groupCommitPerS: number;
  groupCommitInFlight: number;
  floorSeconds: number;
  /** Share of one core used during the measured run, when the OS tells (Linux /proc). */
  hostCpu: number | undefined;
  loadGeneratorCpu: number;
  /** 1-minute load average before and after: other work on the machine skews every number. */
  loadBefore: number;
  loadAfter: number;
  /** The null hosts under the same load (test/bench/null-host.ts): this machine's ceiling. */
  ceilings: Ceiling[];
  /** The host's CPU profile summary (test/bench/profile.ts), when BENCH_CPU_PROF was set. */
  profile?: string | undefined;
}

export interface Ceiling {
  label: string;
  perS: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of one core the null host used. */
  cpu: number | undefined;
}

export const load1 = (): number => loadavg()[0] ?? 0;

export function machine() {
  const list = cpus();
  return {
    cpu: `${list[0]?.model ?? 'unknown'} × ${list.length}`,
    cores: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

export const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/** Counts by name ("succeeded 945, pending 3"), or "none". */
export const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${n0(n)}`)
    .join(', ') || 'none';

/** The errors row of autocannon's answers. */
export const errorsRow = (r: { non2xx: number; errors: number; timeouts: number }) =>
  [
    'errors (non-2xx / connection / timeouts)',
    `${n0(r.non2xx)} / ${n0(r.errors)} / ${n0(r.timeouts)}`,
  ] as [string, string];

/** The rows of the table, shared by stdout and docs/bench.md. */
export function rows(r: SalesBenchResult): Array<[string, string]> {
  return [
    ['HTTP sales/s (201 answers)', `${n0(r.salesPerS)} (${n0(r.sales)} in ${r.durationS} s)`],
    ['latency p50', ms(r.p50Ms)],
    ['latency p99', ms(r.p99Ms)],
    ['latency p99.9', ms(r.p999Ms)],
    ['latency max', ms(r.maxMs)],
    errorsRow(r),
    ['answers by status', countsText(r.statusCodes)],
    ['app sales in the database after the run', countsText(r.statuses)],
    [
      'ledger check',
      r.ledgerProblems === null
        ? 'skipped'
        : r.ledgerProblems === 0
          ? 'sound'
          : `${r.ledgerProblems} problems`,
    ],
    ['floor/s: one writer, hold+post in one transaction', n0(r.floorPerS)],
    ['floor/s: one writer, hold and post as two transactions', n0(r.floorTwoTxPerS)],
    [
      `group commit, no HTTP, ${r.groupCommitInFlight} sales in flight (sales/s)`,
      n0(r.groupCommitPerS),
    ],
    ['ratio HTTP sales/s ÷ floor', `${(r.salesPerS / r.floorPerS).toFixed(2)}×`],
    ['ratio HTTP sales/s ÷ group commit', `${(r.salesPerS / r.groupCommitPerS).toFixed(2)}×`],
    [
      'CPU during the run: host / load generator (share of one core)',
      `${r.hostCpu === undefined ? 'n/a' : `${Math.round(r.hostCpu * 100)}%`} / ${Math.round(r.loadGeneratorCpu * 100)}%`,
    ],
    [
      'host CPU per sale (both threads)',
      r.hostCpu === undefined ? 'n/a' : ms((r.hostCpu * 1000) / r.salesPerS),
    ],
    ...r.ceilings.flatMap(
      (c): Array<[string, string]> => [
        [
          `ceiling: ${c.label}, same load (answers/s)`,
          `${n0(c.perS)}, p50 ${ms(c.p50Ms)}, p99 ${ms(c.p99Ms)}, CPU ${c.cpu === undefined ? 'n/a' : `${Math.round(c.cpu * 100)}%`}`,
        ],
        [`ratio HTTP sales/s ÷ ${c.label}`, `${(r.salesPerS / c.perS).toFixed(2)}×`],
      ],
    ),
    [
      'load average (1 min) before / after',
      `${r.loadBefore.toFixed(2)} / ${r.loadAfter.toFixed(2)}`,
    ],
  ];
}

export function table(pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** The line under a section's title: the command, when, and the machine it ran on. */
export function ranOn(command: string, date: string): string {
  const m = machine();
  return `Run \`${command}\` on ${date}. Machine: ${m.cpu} (${m.cores} cores), ${m.memory}, Node ${m.node}, ${m.os}.`;
}

function section(r: SalesBenchResult): string {
  const lines = [
    '## Sales: POST /api/v1/sales on the Node host',
    '',
    ranOn(r.command, r.date),
    '',
    `autocannon in the bench process, ${r.connections} connections, ${r.durationS} s after a warm-up, against`,
    '`worker/node.ts` in its own process (embedded libSQL file, WAL, synchronous=FULL, in-process',
    'carrier simulator). Every request has its own Idempotency-Key and sells 1,000 minor units to',
    '0712345678, which the simulator tops up at once: only 201 counts as a sale (DAILY_LIMIT is',
    'raised for the run, or the outlet would stop at 10,000 sales). The floor and the group-commit',
    `rows run in the same process afterwards, without HTTP, ${r.floorSeconds} s each, on fresh databases,`,
    'with the writes of a sale: holdSale plus its audit entry, then postSale',
    '(worker/ledger/statements.ts, worker/audit/chain.ts). The floor is one writer on its own',
    '@libsql/client connection, one transaction per sale; the group-commit row goes through the',
    "host's group-commit writer (db/thread-writer.ts, on its thread) with many sales in flight.",
    '',
    'The machine may be shared: the load average and the CPU shares below say how busy it was.',
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    'The ceilings are null hosts (test/bench/null-host.ts) under the same autocannon load right',
    "after the host's run: they read the request and answer 201 with a sale-sized body, nothing",
    "else; one is Node's HTTP server alone, the other Hono on @hono/node-server as worker/node.ts.",
    '',
    ...(r.profile
      ? [
          'CPU profile of the host over its whole life (`node --cpu-prof`: start-up, warm-up, this run and the USSD run):',
          '',
          r.profile,
          '',
        ]
      : []),
    'Bar (issue 13): 3,000 sales/s with p99 at or under 50 ms and no errors; aim: 10,000 with p99',
    'under 25 ms.',
  ];
  return lines.join('\n');
}

/** Writes this benchmark's section of `path`, keeping whatever else the file holds. */
export function writeReport(path: string, r: SalesBenchResult): void {
  writeSection(path, 'sales', section(r));
}

/**
 * Replaces the section `name` of the report at `path` (between its `bench:<name>` markers),
 * or appends it; the other benchmarks' sections stay.
 */
export function writeSection(path: string, name: string, body: string): void {
  const START = `<!-- bench:${name}:start -->`;
  const END = `<!-- bench:${name}:end -->`;
  const marked = [START, body, END].join('\n');
  mkdirSync(dirname(path), { recursive: true });
  const old = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nWritten by the benchmarks under test/bench/.\n';
  const start = old.indexOf(START);
  const end = old.indexOf(END);
  const next =
    start >= 0 && end > start
      ? old.slice(0, start) + marked + old.slice(end + END.length)
      : `${old.trimEnd()}\n\n${marked}\n`;
  writeFileSync(path, next);
}
