/**
 * The outlet audit list at scale (issue 9): 5,000 outlets of one region with 90 days
 * of sales, then the first page of GET /api/v1/outlets with its flags, a filtered and
 * a sorted page, and the CSV export, each ~20 times in-process (app.request, no
 * sockets), median and p95. Writes its section of docs/bench.md. Not a test: run it
 * with `npm run bench:outlets` on a quiet machine (OUTLETS=, DAYS=, RUNS= to change).
 */
import { performance } from 'node:perf_hooks';
import Database from 'libsql';
import { addDays, dayIn, dayStart } from '../../core/day';
import { StatementCache } from '../../db/native-statements';
import { userStatements } from '../../db/seed';
import { checkLedger } from '../../worker/ledger/check';
import { fundWallet } from '../../worker/ledger/statements';
import { createHarness } from '../support/harness';
import { type Outcome, pastSaleStatements } from '../support/ledger-world';
import { load1, machine, writeSection } from './report';

const OUTLETS = Number(process.env.OUTLETS ?? 5_000);
const DAYS = Number(process.env.DAYS ?? 90);
const RUNS = Number(process.env.RUNS ?? 20);
const HOUR = 3_600_000;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * The data set, written with the ledger's own statements (holdSale, postSale, voidSale,
 * reverseSale) on one raw connection in large transactions: 0 to 2 sales an outlet a day,
 * some failed, a few reversed, night sellers, dormant outlets and stuck sales, so that
 * each flag has outlets to find.
 */
async function build(dbPath: string, h: Awaited<ReturnType<typeof createHarness>>) {
  const connection = new Database(dbPath);
  const db = new StatementCache(connection, 1024);
  connection.exec('PRAGMA busy_timeout = 10000');
  connection.exec('PRAGMA synchronous = OFF');
  const tz = h.config.TIMEZONE;
  const now = h.clock.now();
  const today = dayIn(now, tz);
  let sales = 0;
  const run = (statements: Parameters<typeof db.execute>[0][]) => {
    for (const s of statements) db.execute(s);
  };
  connection.exec('BEGIN');
  run([{ sql: `INSERT INTO regions (id, name) VALUES ('r-bench', 'Bench')`, args: [] }]);
  run(
    await userStatements(
      {
        id: 'u-bench-manager',
        role: 'manager',
        name: 'Bench manager',
        email: 'bench@airload.test',
        secret: 'airload-demo',
        regionId: 'r-bench',
      },
      h.config.CURRENCY,
      now - 100 * 24 * HOUR,
      1,
    ),
  );
  for (let i = 0; i < OUTLETS; i++) {
    const id = `u-bench-${String(i).padStart(5, '0')}`;
    const opened = now - (DAYS + 5) * 24 * HOUR;
    run(
      await userStatements(
        {
          id,
          role: 'retailer',
          name: `Bench Shop ${i}`,
          phone: `+2547${String(20_000_000 + i)}`,
          secret: '1357',
          regionId: 'r-bench',
        },
        h.config.CURRENCY,
        opened,
        1,
      ),
    );
    run([
      ...fundWallet(id, 5_000_000 + (i % 7) * 1_000_000, `bench-fund-${id}`, opened),
      {
        sql: 'UPDATE users SET last_seen_at = ? WHERE id = ?',
        args: [now - (i % 5) * 24 * HOUR, id],
      },
    ]);
    const dormant = i % 100 === 1;
    for (let d = DAYS - 1; d >= 0; d--) {
      if (dormant && d < 10) continue;
      const day = addDays(today, -d);
      const perDay = (i + d) % 3;
      for (let k = 0; k < perDay; k++) {
        const hour = i % 50 === 0 ? 2 : 8 + ((i * 7 + d + k) % 12);
        const at = Math.min(dayStart(day, tz) + hour * HOUR + k * 60_000, now - 2 * HOUR);
        const outcome: Outcome =
          (i + d + k) % 97 === 0 ? 'reversed' : (i + d + k) % 17 === 0 ? 'failed' : 'succeeded';
        run(
          pastSaleStatements(
            h.deps,
            id,
            { at, amount: 500 + ((i + d * 31 + k) % 40) * 250, outcome },
            sales++,
          ),
        );
      }
    }
    if (i % 500 === 3)
      run(pastSaleStatements(h.deps, id, { at: now - 2 * HOUR, outcome: 'pending' }, sales++));
    if (i % 250 === 249) {
      connection.exec('COMMIT');
      connection.exec('BEGIN');
    }
  }
  connection.exec('COMMIT');
  connection.exec('PRAGMA optimize');
  connection.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  connection.close();
  return sales;
}

async function main() {
  const h = await createHarness({ env: { TOKEN_TTL_S: '86400' } });
  try {
    const dbPath = h.config.DATABASE_URL.slice('file:'.length);
    const started = performance.now();
    const sales = await build(dbPath, h);
    const buildS = (performance.now() - started) / 1000;
    console.log(
      `built ${OUTLETS} outlets, ${sales} sales over ${DAYS} days in ${buildS.toFixed(1)} s`,
    );
    const problems = await checkLedger(h.database.client);
    console.log(
      `ledger check: ${problems.length === 0 ? 'sound' : problems.slice(0, 3).join('; ')}`,
    );
    const token = await h.login('bench@airload.test', 'airload-demo');

    const measure = async (label: string, path: string, runs: number) => {
      const times: number[] = [];
      let bytes = 0;
      let rows = 0;
      for (let r = 0; r < runs + 1; r++) {
        const t0 = performance.now();
        const res = await h.call('GET', path, { token });
        const text = await res.text();
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
        if (r === 0) continue; // warm-up
        times.push(ms);
        bytes = text.length;
        rows = path.includes('.csv')
          ? text.split('\r\n').length - 2
          : (JSON.parse(text) as { items: unknown[] }).items.length;
      }
      const result = {
        label,
        path,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        rows,
        bytes,
        runs,
      };
      console.log(
        `${label}: median ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms (${rows} rows)`,
      );
      return result;
    };
    const loadBefore = load1();
    const results = [
      await measure('first page (50, by id) with flags', '/api/v1/outlets?limit=50', RUNS),
      await measure('filtered: flag=dormant', '/api/v1/outlets?limit=50&flag=dormant', RUNS),
      await measure(
        'filtered: q=Shop 12&frozen=false',
        '/api/v1/outlets?limit=50&q=Shop%2012&frozen=false',
        RUNS,
      ),
      await measure('sorted: -month_total', '/api/v1/outlets?limit=50&sort=-month_total', RUNS),
      await measure(
        'sorted: -flags (every flag of every outlet)',
        '/api/v1/outlets?limit=50&sort=-flags',
        Math.min(RUNS, 5),
      ),
      await measure('CSV export, all outlets', '/api/v1/outlets/export.csv', Math.min(RUNS, 5)),
      await measure(
        'CSV export, flag=stuck_sales',
        '/api/v1/outlets/export.csv?flag=stuck_sales',
        RUNS,
      ),
    ];
    const loadAfter = load1();
    const m = machine();
    const lines = [
      `## Outlets: GET /api/v1/outlets with flags, ${OUTLETS.toLocaleString('en-US')} outlets`,
      '',
      `Run \`${OUTLETS === 5_000 && DAYS === 90 ? '' : `OUTLETS=${OUTLETS} DAYS=${DAYS} `}npm run bench:outlets\` on ${new Date().toISOString()}. Machine: ${m.cpu} (${m.cores} cores), ${m.memory}, Node ${m.node}, ${m.os}.`,
      '',
      `${OUTLETS.toLocaleString('en-US')} retailers of one region and ${sales.toLocaleString('en-US')} sales over ${DAYS} days, written with the`,
      `ledger's own statements in ${buildS.toFixed(1)} s (test/bench/outlets.bench.ts; ledger check ${problems.length === 0 ? 'sound' : 'FAILED'}).`,
      "The region's manager asks in-process (app.request, embedded libSQL, no sockets); each row is",
      'the median and p95 of the runs after one warm-up. Every page carries every flag of DESIGN 10',
      'for its rows; a flag filter or a sort by a figure computes that expression for all outlets.',
      `Load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after: the machine is shared.`,
      '',
      '| request | runs | rows | median | p95 |',
      '| --- | --- | --- | --- | --- |',
      ...results.map(
        (r) =>
          `| ${r.label} (\`${r.path}\`) | ${r.runs} | ${r.rows} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms |`,
      ),
      '',
      'Aim (issue 9): the first page with flags in under 200 ms.',
    ];
    writeSection('docs/bench.md', 'outlets', lines.join('\n'));
    console.log('wrote docs/bench.md (outlets)');
  } finally {
    await h.close();
  }
}

await main();
