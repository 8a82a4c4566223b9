import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Client, createClient, type InStatement } from '@libsql/client';
import autocannon from 'autocannon';
import Database from 'libsql';
import { v7 as uuidv7 } from 'uuid';
import { StatementCache } from '../../db/native-statements';
import { DEMO_PIN, userStatements } from '../../db/seed';
import type { Deps } from '../../worker/deps';
import { checkLedger } from '../../worker/ledger/check';
import {
  fundWallet,
  holdSale,
  postSale,
  reverseSale,
  saleDay,
  voidSale,
} from '../../worker/ledger/statements';
import { getStatement } from '../../worker/wallets/service';
import { login } from '../bench/host';
import { type NodeHost, startNodeHost } from '../support/node-process';
import type { Scenario } from './run';

/**
 * Issue 6, scenario "growth": does a sale or a statement page get slower as the ledger
 * grows? The database is grown straight through SQL, in big transactions, with the very
 * statement lists of worker/ledger/statements.ts (so the triggers, CHECKs and indexes
 * all work as in production), spread over many retailers; one demo retailer is the busy
 * wallet whose statement is read. Figures at each size; pages walked end to end.
 */

export const BUSY = 'u-ret-101';
const BUSY_LOGIN = { phone: '+254700000101', pin: DEMO_PIN };
/** Sells over HTTP, so that the busy wallet's statement stays exactly what growth wrote. */
const SELLER_LOGIN = { phone: '+254700000102', pin: DEMO_PIN };
const BATCH_SALES = 5_000;
const SPAN_MS = 10 * 86_400_000;

export interface GrowthOptions {
  /** Total transfers at each measured size, ascending. */
  sizes: number[];
  /** Extra retailers the grown sales are spread over (the busy wallet gets 1 in 20). */
  retailers: number;
  /** Seconds of autocannon on POST /api/v1/sales per size (0: skip the latency figures). */
  saleSeconds: number;
  /** Timed sale runs per size, alternating between the sizes. */
  rounds: number;
  /** Statement pages timed per size, over HTTP and directly. */
  pageRuns: number;
}

export interface SizeFigures {
  transfers: number;
  growSeconds: number;
  /** POST /api/v1/sales over HTTP: medians over the rounds of each round's p50 and p99, ms. */
  sale: { p50: number; p99: number; requests: number; errors: number };
  /** GET /api/v1/wallet/statement?limit=20 over HTTP, and getStatement's SQL directly, ms. */
  page: { httpP50: number; httpP99: number; sqlP50: number; sqlP99: number };
  /** What is wrong with the statement (first page, or the walk over all pages). */
  pageProblems: string[];
  pagesWalked: number;
  plan: string;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Grows a freshly seeded database to at least `target` transfers; returns how many it holds. */
export async function growTo(dbPath: string, target: number, retailers: number): Promise<number> {
  const connection = new Database(dbPath);
  const db = new StatementCache(connection);
  try {
    connection.exec('PRAGMA busy_timeout = 10000');
    const one = (sql: string) => Number(db.execute(sql).rows[0]?.[0] ?? 0);
    const currency = String(
      db.execute(`SELECT currency FROM accounts WHERE id = 'wallet:${BUSY}'`).rows[0]?.[0],
    );
    const ids = Array.from({ length: retailers }, (_, i) => `u-grow-${i}`);
    const now = Date.now();
    connection.exec('BEGIN');
    for (const [i, id] of ids.entries()) {
      // The seed's own statements; a cheap PIN hash, as these retailers never log in.
      const user = { id, role: 'retailer' as const, name: `Growth Shop ${i}`, secret: DEMO_PIN };
      const phone = `+2547${80_000_000 + i}`;
      for (const s of await userStatements(
        { ...user, phone, regionId: 'r-demo' },
        currency,
        now,
        1,
      )) {
        db.execute(s);
      }
    }
    // The HTTP seller's wallet (5,000,000 from the seed) must last every timed run.
    for (const s of fundWallet('u-ret-102', 1e11, 'growth-fund-seller', now)) db.execute(s);
    connection.exec('COMMIT');
    const sellers = [BUSY, ...ids];
    let transfers = one('SELECT count(*) FROM transfers');
    let n = 0;
    let batch = 0;
    while (transfers < target) {
      const size = Math.max(1, Math.min(BATCH_SALES, Math.ceil((target - transfers) / 3)));
      const plan = Array.from({ length: size }, (_, k) => {
        const i = n + k;
        // One sale in 20 is the busy wallet's; the rest round the other retailers.
        const seller = i % 20 === 0 ? BUSY : sellers[1 + (i % retailers)]!;
        return { i, seller, amount: 100 + ((i * 7919) % 4_900) };
      });
      const totals = new Map<string, number>();
      for (const p of plan) totals.set(p.seller, (totals.get(p.seller) ?? 0) + p.amount);
      const statements: InStatement[] = [];
      for (const [seller, amount] of totals) {
        statements.push(...fundWallet(seller, amount, `growth-fund-${batch++}`, now - SPAN_MS));
      }
      for (const { i, seller, amount } of plan) {
        const at = now - SPAN_MS + i * 1_000;
        const id = uuidv7({ msecs: at });
        statements.push(
          ...holdSale({
            id,
            retailerId: seller,
            idempotencyKey: `growth-${i}`,
            requestHash: `growth-${i}`,
            msisdn: `07${String(10_000_000 + (i % 89_999_999))}`,
            amount,
            currency,
            productId: 'safaricom-airtime',
            operator: 'safaricom',
            commission: Math.floor((amount * 600) / 10_000),
            channel: 'app',
            now: at,
            resolveAfter: at + 60_000,
            dailyLimit: Number.MAX_SAFE_INTEGER,
            ...saleDay(at, 'Africa/Nairobi'),
          }),
        );
        // Most succeed; some fail (void) and a few are reversed, as in production.
        if (i % 50 === 7) statements.push(...voidSale(id, 'carrier_failed', at + 500));
        else statements.push(...postSale(id, `ref-${i}`, at + 500));
        if (i % 100 === 3) statements.push(...reverseSale(id, at + 900));
      }
      connection.exec('BEGIN');
      for (const statement of statements) db.execute(statement);
      connection.exec('COMMIT');
      n += size;
      transfers = one('SELECT count(*) FROM transfers');
    }
    // As a database in service would be: its log folded into the file.
    connection.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return transfers;
  } finally {
    connection.close();
  }
}

const env = (dbPath: string): Record<string, string> => ({
  DATABASE_URL: `file:${dbPath}`,
  PORT: '0',
  JWT_SECRET: 'growth-secret-that-is-at-least-32-characters',
  SEED_DEMO: '1',
  DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
  TOKEN_TTL_S: '86400',
});

async function saleLatency(host: NodeHost, seconds: number, run: string) {
  const token = await login(host.url, SELLER_LOGIN);
  let k = 0;
  const load = (duration: number) =>
    autocannon({
      url: `${host.url}/api/v1/sales`,
      method: 'POST',
      connections: 8,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ msisdn: '0712345678', amount: 1_000 }),
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, 'idempotency-key': `growth-http-${run}-${k++}` },
          }),
        },
      ],
    });
  await load(2); // warm-up: JIT, page cache
  const result = await load(seconds);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

/** The busy wallet's transfers, newest first, as the statement must list them. */
async function expectedLines(client: Client): Promise<string[]> {
  const rows = await client.execute({
    sql: `SELECT id, kind, amount FROM transfers
          WHERE debit_account_id = ?1 OR credit_account_id = ?1 ORDER BY id DESC`,
    args: [`wallet:${BUSY}`],
  });
  return rows.rows.map((r) => `${r.id}:${r.kind}:${r.amount}`);
}

type Page = {
  items: Array<{ id: number; kind: string; amount: number }>;
  next_cursor: number | null;
};

async function fetchPage(host: NodeHost, token: string, limit: number, cursor?: number) {
  const q = cursor === undefined ? '' : `&cursor=${cursor}`;
  const res = await fetch(`${host.url}/api/v1/wallet/statement?limit=${limit}${q}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`statement answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Page;
}

/** Milliseconds of each of `runs` calls, after 5 not timed. */
async function timed(runs: number, call: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = -5; i < runs; i++) {
    const t = performance.now();
    await call();
    if (i >= 0) ms.push(performance.now() - t);
  }
  return ms;
}

/** Times pages over HTTP and the SQL directly, then walks every page and compares. */
async function statementFigures(host: NodeHost, client: Client, runs: number) {
  const token = await login(host.url, BUSY_LOGIN);
  const http = await timed(runs, () => fetchPage(host, token, 20));
  const sql = await timed(runs, () =>
    getStatement({ client } as Pick<Deps, 'client'> as Deps, BUSY, 20),
  );
  // Every page of 20, from the first: they must join up into exactly the wallet's transfers.
  const problems: string[] = [];
  const expected = await expectedLines(client);
  const walked: string[] = [];
  let cursor: number | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(host, token, 20, cursor);
    pages++;
    walked.push(...page.items.map((i) => `${i.id}:${i.kind}:${i.amount}`));
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  const first = walked.slice(0, 20).join(' ');
  if (first !== expected.slice(0, 20).join(' ')) {
    problems.push(`the first page is ${first}, expected ${expected.slice(0, 20).join(' ')}`);
  }
  if (walked.join(' ') !== expected.join(' ')) {
    problems.push(
      `walking the statement gave ${walked.length} lines (${new Set(walked).size} distinct), the wallet has ${expected.length} transfers`,
    );
  }
  const plan = await client.execute({
    sql: 'EXPLAIN QUERY PLAN SELECT id FROM transfers WHERE debit_account_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3',
    args: [`wallet:${BUSY}`, Number.MAX_SAFE_INTEGER, 20],
  });
  return { http, sql, problems, pages, plan: plan.rows.map((r) => String(r.detail)).join('; ') };
}

/**
 * Grows one database per size, then runs both hosts side by side and measures them in
 * alternating rounds, so that a busy neighbour on the machine hits both sizes alike.
 */
export async function runGrowth(
  options: GrowthOptions,
): Promise<{ sizes: SizeFigures[]; violations: string[]; checkSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'airload-growth-'));
  const hosts: NodeHost[] = [];
  try {
    const dbs = options.sizes.map((size) => join(dir, `airload-${size}.db`));
    const grown: Array<{ transfers: number; growSeconds: number }> = [];
    for (const [i, size] of options.sizes.entries()) {
      const seed = await startNodeHost(env(dbs[i]!)); // migrates and seeds
      await seed.stop();
      const t = performance.now();
      const transfers = await growTo(dbs[i]!, size, options.retailers);
      grown.push({ transfers, growSeconds: round((performance.now() - t) / 1000) });
    }
    for (const db of dbs) hosts.push(await startNodeHost(env(db), 60_000));
    const clients = dbs.map((db) => createClient({ url: `file:${db}` }));
    try {
      const pages: Array<Awaited<ReturnType<typeof statementFigures>>> = [];
      for (const [i, host] of hosts.entries()) {
        pages.push(await statementFigures(host, clients[i]!, options.pageRuns));
      }
      const runs = hosts.map(() => [] as Array<Awaited<ReturnType<typeof saleLatency>>>);
      for (let turn = 0; options.saleSeconds > 0 && turn < options.rounds; turn++) {
        for (const [i, host] of hosts.entries()) {
          runs[i]!.push(await saleLatency(host, options.saleSeconds, `${i}-${turn}`));
        }
      }
      const sizes = hosts.map((_, i): SizeFigures => {
        const p = pages[i]!;
        const r = runs[i]!;
        return {
          ...grown[i]!,
          sale: {
            p50: percentile(
              r.map((x) => x.p50),
              50,
            ),
            p99: percentile(
              r.map((x) => x.p99),
              50,
            ),
            requests: r.reduce((a, x) => a + x.requests, 0),
            errors: r.reduce((a, x) => a + x.errors, 0),
          },
          page: {
            httpP50: round(percentile(p.http, 50)),
            httpP99: round(percentile(p.http, 99)),
            sqlP50: round(percentile(p.sql, 50)),
            sqlP99: round(percentile(p.sql, 99)),
          },
          pageProblems: p.problems,
          pagesWalked: p.pages,
          plan: p.plan,
        };
      });
      await Promise.all(hosts.map((host) => host.stop()));
      const t = performance.now();
      const violations: string[] = [];
      for (const [i, client] of clients.entries()) {
        violations.push(...(await checkLedger(client)).map((v) => `${options.sizes[i]}: ${v}`));
      }
      return { sizes, violations, checkSeconds: round((performance.now() - t) / 1000) };
    } finally {
      for (const client of clients) client.close();
    }
  } finally {
    await Promise.all(hosts.map((host) => host.kill()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const scenario: Scenario = {
  name: 'growth',
  async run() {
    const big = num('GROWTH_TRANSFERS', 1_000_000);
    const rounds = num('GROWTH_ROUNDS', 3);
    const result = await runGrowth({
      sizes: [1_000, big],
      retailers: 200,
      saleSeconds: num('GROWTH_SALE_S', 10),
      rounds,
      pageRuns: 200,
    });
    for (const size of result.sizes) console.log(JSON.stringify(size));
    const [small, large] = result.sizes as [SizeFigures, SizeFigures];
    const ratio = (a: number, b: number) => (a > 0 ? (b / a).toFixed(2) : 'n/a');
    const pair = (f: (s: SizeFigures) => number | string) => `${f(small)} → ${f(large)}`;
    return {
      scenario: 'growth',
      figures: [
        ['transfers (small → large)', pair((s) => s.transfers.toLocaleString('en'))],
        ['grow time, s', pair((s) => s.growSeconds)],
        [
          `sale p50, ms (HTTP, 8 connections, median of ${rounds} alternating rounds)`,
          pair((s) => s.sale.p50),
        ],
        ['sale p99, ms (median of the rounds)', pair((s) => s.sale.p99)],
        ['sale p99 ratio large/small (aim ≤ 1.2)', ratio(small.sale.p99, large.sale.p99)],
        ['sales in the timed runs / errors', pair((s) => `${s.sale.requests}/${s.sale.errors}`)],
        [
          'statement page p50 / p99, ms (HTTP, limit 20)',
          pair((s) => `${s.page.httpP50} / ${s.page.httpP99}`),
        ],
        [
          'statement SQL p50 / p99, ms (getStatement direct; aim < 10)',
          pair((s) => `${s.page.sqlP50} / ${s.page.sqlP99}`),
        ],
        ['statement SQL p50 ratio large/small', ratio(small.page.sqlP50, large.page.sqlP50)],
        ['busy wallet pages walked (limit 20)', pair((s) => s.pagesWalked)],
        ['query plan (debit side)', large.plan],
        ['checkLedger of both databases, s', result.checkSeconds],
      ],
      violations: [...result.sizes.flatMap((s) => s.pageProblems), ...result.violations],
    };
  },
};
