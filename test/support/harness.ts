import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../../db/client';
import { DEMO_PASSWORD, DEMO_PIN, ensureSystemAccounts, seedDemo } from '../../db/seed';
import { type AppOptions, createApp } from '../../worker/app';
import type { CarrierGateway } from '../../worker/carrier/gateway';
import { CarrierSimulator, type SimulatorOptions } from '../../worker/carrier/simulator';
import type { Deps } from '../../worker/deps';
import { parseConfig } from '../../worker/env';
import { createLogger, type Logger } from '../../worker/log';
import { LoggingSmsGateway } from '../../worker/sms/gateway';

/** A clock the test moves by hand, so reconciliation's timeouts pass without waiting. */
export function testClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface HarnessOptions {
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  carrier?: CarrierGateway;
  /** Where the app logs (worker/log.ts); the console when absent. */
  log?: Logger;
  /** false: an empty database, as a first deployment with SEED_DEMO=0 (issue 11). */
  seedDemo?: boolean;
  /** Host options of createApp (e.g. GET /metrics), built from the harness's deps. */
  app?: (deps: Deps) => AppOptions;
}

/**
 * The app in-process on a fresh embedded database seeded with DESIGN 8's demo data,
 * with short carrier timeouts. One per test file (STYLE "Tests").
 */
export async function createHarness(options: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'airload-test-'));
  const config = parseConfig({
    DATABASE_URL: `file:${join(dir, 'airload.db')}`,
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters',
    SALE_WAIT_MS: '2000',
    CARRIER_TIMEOUT_MS: '150',
    RECONCILE_AFTER_MS: '1000',
    // Cheap logins for the suite; worker/auth/kdf.test.ts checks the real count.
    KDF_ITERATIONS: '1000',
    ...options.env,
  });
  const database = await openEmbedded(config.DATABASE_URL, { auditKey: config.AUDIT_KEY });
  await ensureSystemAccounts(database.writer, config.CURRENCY);
  const clock = testClock();
  if (options.seedDemo !== false)
    await seedDemo(database, config.CURRENCY, clock.now(), config.KDF_ITERATIONS);
  const simulator = new CarrierSimulator({ slowMs: 50, now: clock.now, ...options.simulator });
  const background: Promise<unknown>[] = [];
  const deps: Deps = {
    ...database,
    carrier: options.carrier ?? simulator,
    clock,
    config,
    inflight: new Set(),
    background: (work) => {
      background.push(work);
    },
    jwtSecret: config.JWT_SECRET!,
    auditKey: config.AUDIT_KEY,
    // Request lines would drown the test output; warnings and errors still show.
    log:
      options.log ??
      createLogger((line) => !line.includes('"level":"info"') && console.error(line)),
    // The SMS simulator, quiet: tests read what it sent (receipts, replies).
    sms: new LoggingSmsGateway(() => {}),
  };
  const app = createApp(deps, options.app?.(deps));

  async function login(who: string, secret?: string): Promise<string> {
    const body = who.includes('@')
      ? { email: who, password: secret ?? DEMO_PASSWORD }
      : { phone: who, pin: secret ?? DEMO_PIN };
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`login ${who}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  /** A JSON request with an optional token and headers. */
  function call(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    return app.request(path, {
      method,
      headers,
      body:
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : JSON.stringify(init.body),
    });
  }

  function sell(token: string, key: string, body: unknown) {
    return call('POST', '/api/v1/sales', { token, body, headers: { 'idempotency-key': key } });
  }

  async function count(table: string): Promise<number> {
    const result = await database.client.execute(`SELECT count(*) AS n FROM ${table}`);
    return Number(result.rows[0]!.n);
  }

  return {
    app,
    deps,
    config,
    clock,
    simulator,
    database,
    login,
    call,
    sell,
    count,
    /** Waits for every carrier call and settlement that went on after a response. */
    // Work may start more work (a settled sale sends its receipts): wait until none is left.
    async settled() {
      while (background.length > 0) await Promise.all(background.splice(0));
    },
    async close() {
      await Promise.allSettled(background);
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
