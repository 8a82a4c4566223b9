import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../../db/client';
import { ensureSystemAccounts, productStatements, userStatements } from '../../db/seed';
import { manualTimer } from '../../worker/carrier/manual-timer';
import { CarrierSimulator } from '../../worker/carrier/simulator';
import type { Deps } from '../../worker/deps';
import { parseConfig } from '../../worker/env';
import { fundWallet } from '../../worker/ledger/statements';
import type { Writer } from '../../worker/ledger/writer';
import { testClock } from '../support/harness';

/**
 * The world one property sequence runs in: a copy of a template database (seeding
 * hashes PINs, far too slow per sequence), the carrier simulator on a hand-moved
 * timer, and the services' Deps with a hand-moved clock. Both move together.
 */

export const RETAILERS = [
  { id: 'u-prop-1', phone: '+254700000101' },
  { id: 'u-prop-2', phone: '+254700000102' },
] as const;
/** Small, so that a few sales run a wallet dry and insufficient funds happens. */
export const OPENING_BALANCE = 10_000;
export const CARRIER_TIMEOUT_MS = 20;
export const RECONCILE_AFTER_MS = 100;
/** Longer than RECONCILE_AFTER_MS, so reconciliation can find a 904 still processing. */
export const SLOW_MS = 150;
const START = Date.UTC(2025, 0, 1);

/** A tmpfs when there is one: every write is fsynced (synchronous=FULL). */
const scratchRoot = () => (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

const removeDatabase = (path: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};

/**
 * The carrier's time, moved by hand (worker/carrier/manual-timer.ts), turning the event
 * loop with setImmediate: setTimeout(0) costs a millisecond a turn, and a thousand
 * sequences take thousands of turns.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Template {
  path: string;
  copy(): string;
  remove(): void;
}

/** Products, the system accounts and two funded retailers, written once, checkpointed and closed. */
export async function buildTemplate(): Promise<Template> {
  const dir = mkdtempSync(join(scratchRoot(), 'airload-property-'));
  const path = join(dir, 'template.db');
  const database = await openEmbedded(`file:${path}`);
  await ensureSystemAccounts(database.writer, 'KES');
  const statements = productStatements();
  for (const [i, r] of RETAILERS.entries()) {
    const user = {
      id: r.id,
      role: 'retailer' as const,
      name: `Shop ${i + 1}`,
      phone: r.phone,
      secret: '1357',
    };
    statements.push(...(await userStatements(user, 'KES', START, 1)));
    statements.push(...fundWallet(r.id, OPENING_BALANCE, `opening-${r.id}`, START));
  }
  await database.writer.write(statements);
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  await database.close();
  let copies = 0;
  return {
    path,
    copy() {
      const target = join(dir, `sequence-${++copies}.db`);
      copyFileSync(path, target);
      return target;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function openWorld(template: Template) {
  const path = template.copy();
  const config = parseConfig({
    DATABASE_URL: `file:${path}`,
    JWT_SECRET: 'property-test-secret-of-at-least-32-chars',
    // Answer as soon as the hold is written; the step then drives the carrier to its end.
    SALE_WAIT_MS: '0',
    CARRIER_TIMEOUT_MS: String(CARRIER_TIMEOUT_MS),
    RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS),
  });
  const database = await openEmbedded(config.DATABASE_URL);
  const timer = manualTimer(turn);
  const clock = testClock(START);
  const simulator = new CarrierSimulator({ slowMs: SLOW_MS, schedule: timer.schedule });
  const background: Promise<unknown>[] = [];
  // One event-loop turn before each write, so that concurrent requests interleave
  // further: a repeat can find its key in flight (409), two holds can share a commit.
  const writer: Writer = {
    write: async (...args: Parameters<Writer['write']>) => {
      await turn();
      return database.writer.write(...args);
    },
    close: () => database.writer.close(),
  };
  const deps: Deps = {
    ...database,
    writer,
    carrier: simulator,
    clock,
    config,
    inflight: new Set(),
    background: (work) => {
      background.push(work);
    },
    jwtSecret: config.JWT_SECRET!,
  };
  const settled = async () => {
    while (background.length > 0) await Promise.all(background.splice(0));
  };
  return {
    deps,
    client: database.client,
    simulator,
    /** Time passes for Airload and the carrier alike; carrier timeouts and 904s fire. */
    async elapse(ms: number) {
      clock.advance(ms);
      await timer.advance(ms);
      await settled();
    },
    settled,
    async close() {
      // A step that failed half-way may leave a carrier call waiting for its timeout.
      await timer.advance(CARRIER_TIMEOUT_MS);
      await settled();
      await database.close();
      removeDatabase(path);
    },
  };
}

export type World = Awaited<ReturnType<typeof openWorld>>;

/** Everything a rejected step must leave as it was. */
export async function snapshot(world: World) {
  const rows = async (sql: string) =>
    (await world.client.execute(sql)).rows.map((r) => Object.values(r).join(' '));
  return {
    sales: await rows('SELECT id, status, updated_at FROM sales ORDER BY id'),
    transfers: await rows('SELECT count(*) FROM transfers'),
    accounts: await rows(
      'SELECT id, debits_posted, credits_posted, debits_pending, credits_pending FROM accounts ORDER BY id',
    ),
    keys: await rows(
      'SELECT retailer_id, key, sale_id, rejection_code FROM idempotency_keys ORDER BY 1, 2',
    ),
  };
}
