import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient } from '@libsql/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_FUNDING, DEMO_PASSWORD } from '../../db/seed';
import { checkLedger } from '../../worker/ledger/check';
import buildForBrowser from '../browser/global-setup';
import { logIn, RETAILERS, sell } from '../browser/support/app';
import {
  goOffline,
  goOnline,
  launchChromium,
  phoneContext,
  serviceWorkerControls,
} from '../browser/support/browser';
import { type CarrierServer, startCarrierServer, startNodeHost } from '../support/node-process';
import type { ChaosReport } from './report';
import type { Scenario } from './run';

/**
 * Issue 6, scenario 4: sales queued in the outbox of a real Chromium page while it is
 * offline, then the connection returns. Measures the time until every sale is final on
 * the server, and checks that each key made exactly one sale and the ledger is sound
 * (checkLedger, against the carrier simulator's own record).
 *
 * The first sale goes through the sell screen; the rest call the same function its
 * confirm() calls, AppState.sell (web/shop/app-state.ts), in the page through page.evaluate,
 * so that 500 queue in seconds rather than minutes of typing.
 */

const RETAILER = RETAILERS[0];
/** 150.00 KES a sale: 500 of them (7,500,000) need more than the seeded wallet holds. */
const AMOUNT = 15_000;
const FUNDING = 5_000_000;

/** Distinct Safaricom numbers that never end in 901-905 (the simulator's fault suffixes). */
const customer = (i: number) => `+25471${String(i).padStart(6, '0')}0`;

/** The part of the page's AppState this scenario calls (web/shop/app-state.ts). */
interface PageApp {
  sell(sale: { key: string; msisdn: string; amount: number; operator?: string }): Promise<{
    ok: boolean;
  }>;
  snapshot: {
    wallet?: { available: number };
    outbox: Array<{ key: string; state: string; operator?: string; sale?: { id: string } }>;
  };
}
type AirloadWindow = Window & { __airload: PageApp };

/**
 * Finds the page's own `app` among the chunks it has loaded (the bundle exports it from a
 * shared chunk under a minified name; importing a loaded URL again gives the same module)
 * and keeps it as window.__airload. A string: vitest would rewrite an `import()` in a function.
 */
const FIND_APP = `(async () => {
  const chunks = performance.getEntriesByType('resource').map((e) => e.name)
    .filter((url) => /\\/assets\\/[^/]+\\.js$/.test(new URL(url).pathname));
  for (const url of chunks) {
    for (const value of Object.values(await import(url))) {
      if (value instanceof EventTarget && typeof value.sell === 'function' && 'snapshot' in value) {
        window.__airload = value;
        return true;
      }
    }
  }
  return false;
})()`;

/** The Node host on a fresh seeded database, the carrier simulator over HTTP, and Chromium. */
export interface Rig {
  url: string;
  browser: Browser;
  carrier: CarrierServer;
  /** The host's database file, read from this process (WAL: readers do not block it). */
  db: Client;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const closers: Array<() => unknown> = [];
  const close = async () => {
    // Last started, first stopped; each one whatever happened to the others.
    for (const closer of closers.splice(0).reverse())
      await (async () => closer())().catch(() => undefined);
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'airload-drain-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const carrier = await startCarrierServer();
    closers.push(() => carrier.close());
    const host = await startNodeHost({
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'airload.db')}`,
      JWT_SECRET: 'offline-drain-secret-that-is-at-least-32-chars',
      SEED_DEMO: '1',
      CARRIER_URL: carrier.url,
    });
    closers.push(() => host.stop());
    const browser = await launchChromium();
    closers.push(() => browser.close());
    const db = createClient({ url: `file:${join(dir, 'airload.db')}` });
    closers.push(() => db.close());
    return { url: host.url, browser, carrier, db, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface DrainResult {
  figures: Array<[string, string | number]>;
  violations: string[];
  /** Sales the server holds for the retailer, and the distinct keys that made them. */
  serverSales: number;
  distinctKeys: number;
  /** Outbox items on the page that are not `sent` after the drain. */
  unsent: number;
}

/** Funds the wallet as admin before the page logs in, so that it learns the new balance. */
async function fund(url: string): Promise<void> {
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token?: string };
  };
  const admin = { email: 'admin@demo.airload', password: DEMO_PASSWORD };
  const { token } = await call('/auth/login', admin);
  const funding = { phone: RETAILER, amount: FUNDING, reference: `offline-drain-${Date.now()}` };
  await call('/admin/fundings', funding, token);
}

async function countSales(db: Client, retailerId: string): Promise<{ all: number; final: number }> {
  const { rows } = await db.execute({
    sql: `SELECT count(*) AS n, coalesce(sum(status NOT IN ('pending', 'unknown')), 0) AS final
          FROM sales WHERE retailer_id = ?`,
    args: [retailerId],
  });
  return { all: Number(rows[0]?.n), final: Number(rows[0]?.final) };
}

/** Polls the database until `count` sales of the retailer are final; times from `since`. */
async function waitFinal(db: Client, retailerId: string, count: number, since: number) {
  const deadline = since + 60_000 + count * 500;
  let firstMs: number | undefined;
  for (;;) {
    const { all, final } = await countSales(db, retailerId);
    if (all > 0 && firstMs === undefined) firstMs = performance.now() - since;
    if (final >= count) return { firstMs: firstMs ?? 0, finalMs: performance.now() - since };
    if (performance.now() > deadline) {
      throw new Error(
        `only ${final} of ${count} sales final (${all} on the server) by the deadline`,
      );
    }
    await sleep(25);
  }
}

/** Counts the outbox's POSTs by who sent them (page or service worker) and the replays. */
function countPosts(context: BrowserContext) {
  const posts = { page: 0, worker: 0, replayed: 0 };
  context.on('response', (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/api/v1/sales') return;
    posts[request.serviceWorker() ? 'worker' : 'page'] += 1;
    if (response.headers()['idempotent-replayed'] === 'true') posts.replayed += 1;
  });
  return posts;
}

/** Queues `count` sales offline in a fresh phone, brings the network back, and checks. */
export async function drainOffline(rig: Rig, count: number): Promise<DrainResult> {
  const { rows } = await rig.db.execute({
    sql: 'SELECT id FROM users WHERE phone = ?',
    args: [`+254${RETAILER.slice(1)}`],
  });
  const retailerId = String(rows[0]?.id);
  await fund(rig.url);
  const context = await phoneContext(rig.browser);
  try {
    const page = await context.newPage();
    await page.goto(rig.url);
    await logIn(page, RETAILER);
    await serviceWorkerControls(page);
    if (!(await page.evaluate<boolean>(FIND_APP))) throw new Error("the page's app was not found");
    await page.waitForFunction(
      (want) => (window as unknown as AirloadWindow).__airload.snapshot.wallet?.available === want,
      DEMO_FUNDING + FUNDING,
    );
    const posts = countPosts(context);

    await goOffline(context);
    await page.locator('[data-testid=connection]').filter({ hasText: 'Offline' }).waitFor();
    const queueStart = performance.now();
    const keys = [await sell(page, `0${customer(0).slice(4)}`, String(AMOUNT / 100))];
    keys.push(
      ...(await queueInPage(
        page,
        Array.from({ length: count - 1 }, (_, i) => customer(i + 1)),
      )),
    );
    await page
      .locator('[data-testid=queued-count]')
      .filter({ hasText: `${count} queued` })
      .waitFor();
    const queueMs = performance.now() - queueStart;
    const before = await countSales(rig.db, retailerId);

    const online = performance.now();
    await goOnline(context);
    const [{ firstMs, finalMs }, pageMs] = await Promise.all([
      waitFinal(rig.db, retailerId, count, online),
      page
        .locator('[data-testid=queued-count]')
        .waitFor({ state: 'detached', timeout: 60_000 + count * 500 })
        .then(() => performance.now() - online),
    ]);
    const result = await verify(rig, page, retailerId, keys);
    const seconds = finalMs / 1000;
    result.figures = [
      ['sales queued offline', count],
      ['queued by', `the sell screen (1), AppState.sell in the page (${count - 1})`],
      ['server sales before the connection returned', before.all],
      ['time to queue (ms)', Math.round(queueMs)],
      ['online -> first sale on the server (ms)', Math.round(firstMs)],
      ['online -> all final on the server (ms)', Math.round(finalMs)],
      ['aim (ms)', 30_000],
      ['drain rate (sales/s)', Math.round(count / seconds)],
      ['online -> page shows nothing queued (ms)', Math.round(pageMs)],
      ['answered POSTs from the page / service worker', `${posts.page} / ${posts.worker}`],
      ['answers that were replays', posts.replayed],
      ...result.figures,
    ];
    if (before.all !== 0)
      result.violations.unshift(`${before.all} sales reached the server offline`);
    return result;
  } finally {
    await context.close();
  }
}

/** Calls AppState.sell for each number, as sell-screen's confirm() does; returns the keys. */
function queueInPage(page: Page, msisdns: string[]): Promise<string[]> {
  return page.evaluate(
    async ({ msisdns, amount }) => {
      const app = (window as unknown as AirloadWindow).__airload;
      const operator = app.snapshot.outbox[0]?.operator;
      const keys: string[] = [];
      for (const msisdn of msisdns) {
        const key = crypto.randomUUID();
        const result = await app.sell({ key, msisdn, amount, ...(operator ? { operator } : {}) });
        if (!result.ok) throw new Error(`${msisdn} not queued: ${JSON.stringify(result)}`);
        keys.push(key);
      }
      return keys;
    },
    { msisdns, amount: AMOUNT },
  );
}

/** Exactly one sale per queued key, nothing else; the outbox all sent; the ledger sound. */
async function verify(rig: Rig, page: Page, retailerId: string, keys: string[]) {
  const violations: string[] = [];
  const q = async (sql: string) =>
    (await rig.db.execute({ sql, args: [retailerId] })).rows.map((r) => ({ ...r }));
  const sales = await q('SELECT id, status FROM sales WHERE retailer_id = ?');
  const stored = await q('SELECT key, sale_id FROM idempotency_keys WHERE retailer_id = ?');
  const queued = new Set(keys);
  const byKey = new Map(stored.map((r) => [String(r.key), r.sale_id]));
  const saleIds = new Set(stored.flatMap((r) => (r.sale_id === null ? [] : [String(r.sale_id)])));
  if (sales.length !== keys.length) {
    violations.push(
      `the server has ${sales.length} sales for the retailer, expected ${keys.length}`,
    );
  }
  const missing = keys.filter((k) => !byKey.has(k));
  if (missing.length > 0) violations.push(`${missing.length} queued keys never reached the server`);
  const strangers = [...byKey.keys()].filter((k) => !queued.has(k));
  if (strangers.length > 0)
    violations.push(`${strangers.length} keys on the server were never queued`);
  const rejected = stored.filter((r) => r.sale_id === null).length;
  if (rejected > 0) violations.push(`${rejected} keys were rejected instead of selling`);
  if (saleIds.size !== stored.length - rejected) violations.push('two keys name the same sale');
  const outbox = await page.evaluate(
    () => (window as unknown as AirloadWindow).__airload.snapshot.outbox,
  );
  const unsent = outbox.filter((item) => item.state !== 'sent').length;
  if (unsent > 0) violations.push(`${unsent} outbox items on the page are not sent`);
  const wrong = outbox.filter((item) => item.sale?.id !== String(byKey.get(item.key))).length;
  if (wrong > 0) violations.push(`${wrong} outbox items name another sale than the server's key`);
  violations.push(...(await checkLedger(rig.db, rig.carrier.simulator.credited())));

  const statuses = new Map<string, number>();
  for (const s of sales) statuses.set(String(s.status), (statuses.get(String(s.status)) ?? 0) + 1);
  const figures: Array<[string, string | number]> = [
    ['server sales for the retailer', sales.length],
    ['distinct keys on the server', byKey.size],
    ['statuses', [...statuses].map(([s, n]) => `${s} ${n}`).join(', ')],
  ];
  return { figures, violations, serverSales: sales.length, distinctKeys: byKey.size, unsent };
}

/** `npm run chaos offline-drain`: makes sure chromium and the PWA build exist first. */
export const scenario: Scenario = {
  name: 'offline-drain',
  async run(): Promise<ChaosReport> {
    buildForBrowser();
    const count = Number(process.env.DRAIN_SALES ?? 500);
    const rig = await startRig();
    try {
      const { figures, violations } = await drainOffline(rig, count);
      return { scenario: `offline drain (${count} sales)`, figures, violations };
    } finally {
      await rig.close();
    }
  },
};
