import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { z } from 'zod';
import { DEMO_FUNDING, DEMO_PASSWORD, DEMO_PIN } from '../../db/seed';
import { checkLedger } from '../../worker/ledger/check';
import { type NodeHost, NodeHosts, startCarrierServer } from '../support/node-process';
import type { ChaosReport } from './report';
import type { Scenario } from './run';

/**
 * Issue 6, scenario 3 "duplicates and races at scale", against the real Node host over
 * HTTP with the carrier simulator's HTTP service: sales from three outlets, half of
 * them on one hot wallet, sent by `concurrency` clients at once; 30% of the keys are
 * sent again with the same body, a third of those as three copies in parallel, the rest
 * once more after the first pass. Exactly one effect per key: one sale, every answer
 * to the key that sale (201) or 409 in progress, one hold; checkLedger against the
 * carrier's record clean; each wallet exactly its funding minus what succeeded.
 */

export interface DuplicatesOptions {
  /** Distinct keys (sales). */
  sales: number;
  /** Clients sending at once. Default 64. */
  concurrency?: number;
}

const HOT = '+254700000101';
const OUTLETS = [HOT, '+254700000102', '+254700000103'] as const;
const DECLINED = '0712345901';

interface Order {
  key: string;
  outlet: (typeof OUTLETS)[number];
  body: { msisdn: string; amount: number };
  /** 1 = sent once; 'parallel' = three copies at once; 'later' = again after the first pass. */
  resend: 'none' | 'parallel' | 'later';
}

interface Answer {
  key: string;
  status: number;
  saleId?: string;
  replayed: boolean;
  code?: string;
  ms: number;
}

const saleSchema = z.object({ id: z.string(), status: z.string() });
const errorSchema = z.object({ error: z.object({ code: z.string() }) });

/** Deterministic: half the sales on the hot wallet, 1 in 20 declined (901), 30% resent. */
export function ordersFor(sales: number, run: string): Order[] {
  return Array.from({ length: sales }, (_, i) => ({
    key: `dup-${run}-${i}`,
    outlet: i % 2 === 0 ? HOT : OUTLETS[1 + ((i >> 1) % 2)]!,
    body: {
      msisdn: i % 20 === 7 ? DECLINED : `0712345${String(i % 900).padStart(3, '0')}`,
      amount: 500 + (i % 10) * 50,
    },
    resend: i % 10 === 3 ? 'parallel' : i % 10 === 5 || i % 10 === 8 ? 'later' : 'none',
  }));
}

/** Runs `tasks` with at most `limit` at once. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function runDuplicates(options: DuplicatesOptions): Promise<ChaosReport> {
  const { sales, concurrency = 64 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'airload-chaos-dup-'));
  const hosts = new NodeHosts();
  const carrier = await startCarrierServer();
  const violations: string[] = [];
  try {
    const databaseUrl = `file:${join(dir, 'airload.db')}`;
    const host = await hosts.start({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      JWT_SECRET: 'chaos-duplicates-secret-at-least-32-characters',
      CARRIER_URL: carrier.url,
      // Generous on busy cores: a late carrier answer makes the sale `unknown`, which
      // reconciliation settles below; it is not what this scenario is about.
      CARRIER_TIMEOUT_MS: '3000',
      SALE_WAIT_MS: '10000',
      RECONCILE_AFTER_MS: '3500',
      RECONCILE_INTERVAL_MS: '600000',
      DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
      TOKEN_TTL_S: '7200',
      SEED_DEMO: '1',
    });
    const call = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${host.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    const tokens = new Map<string, string>();
    for (const phone of OUTLETS) tokens.set(phone, await login(host, { phone, pin: DEMO_PIN }));
    const admin = await login(host, { email: 'admin@demo.airload', password: DEMO_PASSWORD });

    const orders = ordersFor(sales, String(Date.now()));
    const answers: Answer[] = [];
    const send = async (order: Order) => {
      const started = performance.now();
      const res = await call('/api/v1/sales', tokens.get(order.outlet)!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': order.key },
        body: JSON.stringify(order.body),
      });
      const json: unknown = await res.json().catch(() => undefined);
      const answer: Answer = {
        key: order.key,
        status: res.status,
        replayed: res.headers.get('idempotent-replayed') === 'true',
        ms: performance.now() - started,
      };
      if (res.status === 201) answer.saleId = saleSchema.parse(json).id;
      else answer.code = errorSchema.safeParse(json).data?.error.code ?? String(json);
      answers.push(answer);
    };

    const loadBefore = loadavg()[0]!;
    const started = performance.now();
    await pool(orders, concurrency, async (order) => {
      const copies = order.resend === 'parallel' ? 3 : 1;
      await Promise.all(Array.from({ length: copies }, () => send(order)));
    });
    const later = orders.filter((o) => o.resend === 'later');
    await pool(later, concurrency, send);
    const loadSeconds = (performance.now() - started) / 1000;

    // Anything the carrier answered too late for is `unknown`: only reconciliation settles it.
    const client = createClient({ url: databaseUrl });
    try {
      const open = async () =>
        Number(
          (
            await client.execute(
              `SELECT count(*) AS n FROM sales WHERE status IN ('pending', 'unknown')`,
            )
          ).rows[0]!.n,
        );
      const openAfterLoad = await open();
      for (let round = 0; (await open()) > 0; round++) {
        if (round > 120) {
          violations.push(`${await open()} sales still open after 120 reconciliation runs`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
        await call('/api/v1/admin/reconciliation', admin, { method: 'POST' });
      }

      violations.push(...checkAnswers(orders, answers));
      violations.push(...(await checkSales(client, orders, answers)));
      violations.push(
        ...(await checkWallets(client, orders, (phone) =>
          call('/api/v1/wallet', tokens.get(phone)!),
        )),
      );
      const route = await call('/api/v1/audit/ledger-check', admin);
      const check = z
        .object({ ok: z.boolean(), violations: z.array(z.string()), carrier_compared: z.boolean() })
        .parse(await route.json());
      if (!check.ok || !check.carrier_compared) {
        violations.push(`GET /api/v1/audit/ledger-check: ${JSON.stringify(check)}`);
      }
      violations.push(...(await checkLedger(client, carrier.simulator.credited())));

      const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
      const count = (f: (a: Answer) => boolean) => answers.filter(f).length;
      return {
        scenario: 'duplicates',
        figures: [
          [
            'host',
            'Node host (worker/node.ts) as a child process, over HTTP; carrier simulator over HTTP',
          ],
          ['keys (sales)', sales],
          ['keys resent', orders.filter((o) => o.resend !== 'none').length],
          ['of them as 3 parallel copies', orders.filter((o) => o.resend === 'parallel').length],
          ['sales on the hot wallet', orders.filter((o) => o.outlet === HOT).length],
          ['requests sent', answers.length],
          ['clients at once', concurrency],
          ['201 first answers', count((a) => a.status === 201 && !a.replayed)],
          ['201 replays (Idempotent-Replayed)', count((a) => a.status === 201 && a.replayed)],
          ['409 idempotency_in_progress', count((a) => a.status === 409)],
          ['other answers', count((a) => a.status !== 201 && a.status !== 409)],
          ['sales left unknown by the load, then reconciled', openAfterLoad],
          ['load duration, s', loadSeconds.toFixed(1)],
          ['requests/s', Math.round(answers.length / loadSeconds)],
          [
            'load average (1 min) before / after, 2 cores shared',
            `${loadBefore.toFixed(1)} / ${loadavg()[0]!.toFixed(1)}`,
          ],
          [
            'latency p50 / p99, ms',
            `${percentile(latencies, 0.5).toFixed(0)} / ${percentile(latencies, 0.99).toFixed(0)}`,
          ],
        ],
        violations,
      };
    } finally {
      client.close();
    }
  } catch (error) {
    console.error(hosts.report());
    throw error;
  } finally {
    await hosts.killAll();
    await carrier.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function login(host: NodeHost, credentials: object): Promise<string> {
  const res = await fetch(`${host.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return z.object({ token: z.string() }).parse(await res.json()).token;
}

/** Every answer to a key: one first 201, the rest the same sale replayed or 409. */
function checkAnswers(orders: Order[], answers: Answer[]): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, Answer[]>();
  for (const a of answers) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  for (const { key } of orders) {
    const all = byKey.get(key) ?? [];
    const ids = new Set(all.flatMap((a) => (a.saleId ? [a.saleId] : [])));
    const firsts = all.filter((a) => a.status === 201 && !a.replayed).length;
    const odd = all.filter(
      (a) => a.status !== 201 && !(a.status === 409 && a.code === 'idempotency_in_progress'),
    );
    if (ids.size !== 1) problems.push(`key ${key} was answered with ${ids.size} sale ids`);
    if (firsts !== 1) problems.push(`key ${key} was answered as a new sale ${firsts} times`);
    for (const a of odd) problems.push(`key ${key} was answered ${a.status} ${a.code}`);
  }
  return problems;
}

/** One sale per key in the database, the one answered, final as its number says. */
async function checkSales(
  client: ReturnType<typeof createClient>,
  orders: Order[],
  answers: Answer[],
): Promise<string[]> {
  const problems: string[] = [];
  const answered = new Map(answers.flatMap((a) => (a.saleId ? [[a.key, a.saleId] as const] : [])));
  const rows = (
    await client.execute(
      `SELECT k.key, k.sale_id, s.status, s.msisdn FROM idempotency_keys k LEFT JOIN sales s ON s.id = k.sale_id`,
    )
  ).rows;
  const stored = new Map(rows.map((r) => [String(r.key), r]));
  const { n } = (await client.execute('SELECT count(*) AS n FROM sales')).rows[0]!;
  if (Number(n) !== orders.length)
    problems.push(`${n} sales in the database for ${orders.length} keys`);
  for (const order of orders) {
    const row = stored.get(order.key);
    if (!row) {
      problems.push(`key ${order.key} has no row`);
      continue;
    }
    if (row.sale_id !== answered.get(order.key)) {
      problems.push(
        `key ${order.key} names sale ${row.sale_id}, answered ${answered.get(order.key)}`,
      );
    }
    const want = order.body.msisdn === DECLINED ? 'failed' : 'succeeded';
    if (row.status !== want)
      problems.push(`sale ${row.sale_id} is ${row.status}, expected ${want}`);
  }
  return problems;
}

/** Each wallet is exactly its funding minus what succeeded, nothing held; commission as the sales say. */
async function checkWallets(
  client: ReturnType<typeof createClient>,
  orders: Order[],
  wallet: (phone: string) => Promise<Response>,
): Promise<string[]> {
  const problems: string[] = [];
  const shape = z.object({ available: z.number(), held: z.number(), commission: z.number() });
  for (const phone of OUTLETS) {
    const spent = orders
      .filter((o) => o.outlet === phone && o.body.msisdn !== DECLINED)
      .reduce((total, o) => total + o.body.amount, 0);
    const { rows } = await client.execute({
      sql: `SELECT coalesce(sum(s.commission), 0) AS c FROM sales s JOIN users u ON u.id = s.retailer_id
            WHERE u.phone = ? AND s.status = 'succeeded'`,
      args: [phone],
    });
    const want = { available: DEMO_FUNDING - spent, held: 0, commission: Number(rows[0]!.c) };
    const got = shape.parse(await (await wallet(phone)).json());
    if (got.available !== want.available || got.held !== 0 || got.commission !== want.commission) {
      problems.push(
        `wallet of ${phone} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
      );
    }
  }
  return problems;
}

export const scenario: Scenario = {
  name: 'duplicates',
  run: () => runDuplicates({ sales: Number(process.env.CHAOS_SALES ?? 10_000) }),
};
