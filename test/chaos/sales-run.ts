import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient } from '@libsql/client';
import { z } from 'zod';
import { DEMO_PASSWORD, DEMO_PIN } from '../../db/seed';
import type { CarrierSimulator } from '../../worker/carrier/simulator';
import { checkLedger } from '../../worker/ledger/check';
import type { NodeHost } from '../support/node-process';
import type { OutboxLoad, Teardown } from './outbox-load';
import { random } from './seed';

/*
 * What the crash and carrier-fault chaos scenarios (issue 6) share besides the load: the
 * host's configuration, the session, reconciliation to the end, and the check of every
 * sale a client was ever answered with.
 */

/**
 * The Node host's configuration for a chaos run in `dir`: a fixed JWT secret so tokens
 * outlive restarts, a short carrier timeout and reconciliation delay (past the timeout,
 * as in production), no daily limit in the way of a long run, and no reconciliation
 * timer: only the run at each start and the ones asked for once the load is over. A
 * timer run under load could ask about a top-up still on its way to the carrier, since
 * 1.5 s after the sale is a thin margin over a 1 s timeout on two busy cores (production
 * keeps 15 s over 5 s).
 */
export function hostEnv(dir: string, carrierUrl: string): Record<string, string> {
  return {
    DATABASE_URL: `file:${join(dir, 'airload.db')}`,
    PORT: '0',
    JWT_SECRET: 'chaos-run-secret-that-is-at-least-32-characters',
    CARRIER_URL: carrierUrl,
    CARRIER_TIMEOUT_MS: '1000',
    RECONCILE_AFTER_MS: '1500',
    RECONCILE_INTERVAL_MS: '600000',
    SEED_DEMO: '1',
    DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
    TOKEN_TTL_S: '3600',
  };
}

/** A Safaricom number ending in `suffix` (the simulator's behaviour, DESIGN 4), else an ordinary one. */
export function customer(suffix?: string): string {
  const digits = (n: number, max: number) => String(Math.floor(random() * max)).padStart(n, '0');
  return `+254712${digits(3, 1000)}${suffix ?? digits(3, 900)}`;
}

const RETAILER_PHONES = ['+254700000101', '+254700000102', '+254700000103'];

export interface Session {
  admin: string;
  /** One token per demo retailer, each logged in once and reused (login is rate-limited). */
  tokens: string[];
}

async function call(base: string, path: string, payload: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(payload),
  });
  const answer: unknown = await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

const loginAnswer = z.object({ token: z.string() });

/** Logs in the admin and the demo retailers, and funds each wallet with `funding` more. */
export async function openSession(base: string, funding: number, run: string): Promise<Session> {
  const login = async (credentials: object) =>
    loginAnswer.parse(await call(base, '/api/v1/auth/login', credentials)).token;
  const admin = await login({ email: 'admin@demo.airload', password: DEMO_PASSWORD });
  const tokens: string[] = [];
  for (const phone of RETAILER_PHONES) {
    tokens.push(await login({ phone, pin: DEMO_PIN }));
    await call(
      base,
      '/api/v1/admin/fundings',
      { phone, amount: funding, reference: `${run}-${phone.slice(1)}` },
      admin,
    );
  }
  return { admin, tokens };
}

const OPEN = `SELECT count(*) AS n FROM sales WHERE status IN ('pending', 'unknown')`;

/**
 * Runs reconciliation as the admin until no sale is pending or unknown, or until
 * `deadlineMs`; a sale is only due once its RECONCILE_AFTER_MS has passed.
 */
export async function reconcileUntilFinal(
  base: string,
  admin: string,
  db: Client,
  deadlineMs: number,
): Promise<{ runs: number; ms: number; open: number }> {
  const started = Date.now();
  for (let runs = 1; ; runs++) {
    await call(base, '/api/v1/admin/reconciliation', {}, admin);
    const open = Number((await db.execute(OPEN)).rows[0]!.n);
    const ms = Date.now() - started;
    if (open === 0 || ms > deadlineMs) return { runs, ms, open };
    await sleep(200);
  }
}

/** Safaricom's commission in the demo plan (db/seed.ts): every number here is Safaricom's. */
const COMMISSION_BPS = 600;

export interface SaleFigures {
  succeeded: number;
  failed: number;
  succeededTotal: number;
  /** failure_code -> count, for the failed ones. */
  failures: Map<string, number>;
}

/**
 * Every acknowledged sale exists exactly once under its key, with the amount, number and
 * money movements it was sold with, and final; no sale exists that was never acknowledged
 * (every client finished every key); no key was rejected; and the ledger's succeeded total
 * is what the carrier credited. The ledger-wide invariants are checkLedger's.
 */
export async function checkAcknowledged(
  db: Client,
  load: OutboxLoad,
  carrier: CarrierSimulator,
): Promise<{ violations: string[]; figures: SaleFigures }> {
  const violations: string[] = [];
  const { rows } = await db.execute(`
    SELECT s.id, s.msisdn, s.amount, s.status, s.commission, s.failure_code,
      (SELECT group_concat(k.key) FROM idempotency_keys k WHERE k.sale_id = s.id) AS keys,
      (SELECT sum(amount) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'hold') AS held,
      (SELECT sum(amount) FROM transfers t WHERE t.sale_id = s.id AND t.kind IN ('post', 'void')) AS settled,
      (SELECT coalesce(sum(amount), 0) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'commission') AS paid
    FROM sales s`);
  const sales = new Map(rows.map((r) => [String(r.id), r]));
  const ledgerTotal = rows
    .filter((r) => r.status === 'succeeded')
    .reduce((sum, r) => sum + Number(r.amount), 0);
  const figures: SaleFigures = { succeeded: 0, failed: 0, succeededTotal: 0, failures: new Map() };
  const seen = new Set<string>();

  for (const { order, saleId } of load.acks.values()) {
    const sale = sales.get(saleId);
    const where = `sale ${saleId} (key ${order.key})`;
    if (seen.has(saleId)) violations.push(`${where} is also the answer to another key`);
    seen.add(saleId);
    if (!sale) {
      violations.push(`${where} was acknowledged but does not exist`);
      continue;
    }
    const status = String(sale.status);
    const wanted: Array<[string, unknown, unknown]> = [
      ['keys', sale.keys, order.key],
      ['msisdn', sale.msisdn, order.msisdn],
      ['amount', Number(sale.amount), order.amount],
      ['held', Number(sale.held), order.amount],
      ['settled', Number(sale.settled), order.amount],
      ['commission', Number(sale.commission), Math.floor((order.amount * COMMISSION_BPS) / 10_000)],
      ['commission paid', Number(sale.paid), status === 'succeeded' ? Number(sale.commission) : 0],
    ];
    for (const [name, got, want] of wanted) {
      if (got !== want) violations.push(`${where} has ${name} ${got}, sold with ${want}`);
    }
    if (status === 'succeeded') {
      figures.succeeded++;
      figures.succeededTotal += order.amount;
    } else if (status === 'failed') {
      figures.failed++;
      const code = String(sale.failure_code);
      figures.failures.set(code, (figures.failures.get(code) ?? 0) + 1);
    } else violations.push(`${where} is ${status}, not final`);
  }
  for (const [id, sale] of sales) {
    if (seen.has(id)) continue;
    violations.push(`sale ${id} (key ${sale.keys}) exists but no client was ever answered with it`);
  }
  for (const { order, status, code } of load.rejections) {
    violations.push(`key ${order.key} was rejected (${status} ${code}); none should be`);
  }
  if (ledgerTotal !== carrier.creditedTotal()) {
    violations.push(
      `the ledger's succeeded total ${ledgerTotal} is not the carrier's credited total ${carrier.creditedTotal()}`,
    );
  }
  return { violations, figures };
}

/**
 * The end of a run under load: reconcile until every sale is final, stop the host, then
 * check the ledger (checkLedger against the carrier's record) and every acknowledged sale.
 * Violations are appended to `violations`.
 */
export async function settleAndCheck(run: {
  host: NodeHost;
  databaseUrl: string;
  admin: string;
  carrier: CarrierSimulator;
  load: OutboxLoad;
  teardown: Teardown;
  deadlineMs: number;
  violations: string[];
}) {
  const { host, carrier, load, violations } = run;
  const db = createClient({ url: run.databaseUrl });
  run.teardown.add(() => db.close());
  const settled = await reconcileUntilFinal(host.url, run.admin, db, run.deadlineMs);
  if (settled.open > 0) violations.push(`${settled.open} sales still open after reconciliation`);
  const exit = await host.stop(30_000);
  if (exit.code !== 0) violations.push(`the host did not stop cleanly (${JSON.stringify(exit)})`);
  const credited = carrier.credited();
  violations.push(...(await checkLedger(db, credited)));
  const acked = await checkAcknowledged(db, load, carrier);
  violations.push(...acked.violations);
  return { db, settled, credited, acked };
}
