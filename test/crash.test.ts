import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DEMO_FUNDING, DEMO_PASSWORD, DEMO_PIN } from '../db/seed';
import { checkLedger } from '../worker/ledger/check';
import {
  type CarrierServer,
  type NodeHost,
  NodeHosts,
  startCarrierServer,
} from './support/node-process';

/**
 * The foundation issue's crash tests: the Node host is SIGKILLed (CRASH_AT) between the
 * hold and the carrier call, and between the carrier's success and the post. After a
 * restart and reconciliation every sale is final, agrees with the carrier's record,
 * and its key still names it (DESIGN 3, 4).
 */

type CrashPoint = 'after_hold' | 'after_carrier';

const RETAILER = { phone: '+254700000101', pin: DEMO_PIN };
const ADMIN = { email: 'admin@demo.airload', password: DEMO_PASSWORD };
const KILLED = { code: null, signal: 'SIGKILL' };

const saleSchema = z.object({
  id: z.string(),
  msisdn: z.string(),
  amount: z.number(),
  status: z.string(),
  commission: z.number(),
  failure_code: z.string().nullable(),
});
type Sale = z.infer<typeof saleSchema>;
const walletSchema = z.object({ available: z.number(), held: z.number(), commission: z.number() });

const hosts = new NodeHosts();
let carrier: CarrierServer;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airload-crash-'));
  carrier = await startCarrierServer();
  env = {
    DATABASE_URL: `file:${join(dir, 'airload.db')}`,
    PORT: '0',
    // Fixed, so a token from before the crash still works after the restart.
    JWT_SECRET: 'crash-test-secret-that-is-at-least-32-characters',
    CARRIER_URL: carrier.url,
    // Generous for loopback on a busy machine: a carrier call that timed out would make
    // the sale `unknown` instead of reaching the crash point.
    CARRIER_TIMEOUT_MS: '1000',
    // Past the carrier timeout, as in production, and about one restart long.
    RECONCILE_AFTER_MS: '1500',
    // Only the run at start and the ones the tests ask for.
    RECONCILE_INTERVAL_MS: '600000',
    SEED_DEMO: '1',
  };
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') console.error(hosts.report());
  await hosts.killAll();
  await carrier.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(
  host: NodeHost,
  method: 'GET' | 'POST',
  path: string,
  init: { token?: string; key?: string; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.key) headers['idempotency-key'] = init.key;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return fetch(`${host.url}${path}`, { method, headers, body });
}

async function login(host: NodeHost, credentials: object): Promise<string> {
  const res = await request(host, 'POST', '/api/v1/auth/login', { body: credentials });
  expect(res.status).toBe(200);
  return z.object({ token: z.string() }).parse(await res.json()).token;
}

interface Order {
  key: string;
  body: { msisdn: string; amount: number };
}

const sell = (host: NodeHost, token: string, order: Order) =>
  request(host, 'POST', '/api/v1/sales', { token, key: order.key, body: order.body });

/** The same key and body again: 201 with the sale, and whether it is a replay. */
async function resend(host: NodeHost, token: string, order: Order) {
  const res = await sell(host, token, order);
  expect(res.status).toBe(201);
  const replayed = res.headers.get('idempotent-replayed') === 'true';
  return { sale: saleSchema.parse(await res.json()), replayed };
}

async function salesOf(host: NodeHost, token: string): Promise<Sale[]> {
  const res = await request(host, 'GET', '/api/v1/sales?limit=100', { token });
  expect(res.status).toBe(200);
  return z.object({ items: z.array(saleSchema) }).parse(await res.json()).items;
}

async function walletOf(host: NodeHost, token: string) {
  const res = await request(host, 'GET', '/api/v1/wallet', { token });
  expect(res.status).toBe(200);
  return walletSchema.parse(await res.json());
}

/**
 * Runs reconciliation as admin until every sale of the retailer is final. Polled with a
 * deadline because a sale is only due once its resolve_after has passed.
 */
function reconcileUntilFinal(host: NodeHost, admin: string, token: string): Promise<Sale[]> {
  return vi.waitFor(
    async () => {
      const run = await request(host, 'POST', '/api/v1/admin/reconciliation', { token: admin });
      expect(run.status).toBe(200);
      const sales = await salesOf(host, token);
      for (const sale of sales) expect(['succeeded', 'failed']).toContain(sale.status);
      return sales;
    },
    { timeout: 15_000, interval: 100 },
  );
}

/** The ledger's invariants against the carrier's record, read from the file once the host has stopped. */
async function ledgerProblems(host: NodeHost): Promise<string[]> {
  expect(await host.stop()).toEqual({ code: 0, signal: null });
  const client = createClient({ url: env.DATABASE_URL! });
  try {
    return await checkLedger(client, carrier.simulator.credited());
  } finally {
    client.close();
  }
}

/** Starts the host set to die at `crashAt`, logs in, and lets `send` make it crash. */
async function crashWhile<T>(
  crashAt: CrashPoint,
  send: (host: NodeHost, token: string) => Promise<T>,
) {
  const doomed = await hosts.start({ ...env, CRASH_AT: crashAt });
  const token = await login(doomed, RETAILER);
  const answered = await send(doomed, token);
  expect(await doomed.exited).toEqual(KILLED);
  const host = await hosts.start(env);
  return { host, token, answered };
}

describe('a host killed in the middle of one sale', () => {
  const order: Order = { key: 'crash-one', body: { msisdn: '0712345678', amount: 10_000 } };

  it('refunds a sale held when the host died before calling the carrier', async () => {
    const { host, token } = await crashWhile('after_hold', async (doomed, token) => {
      await expect(sell(doomed, token, order)).rejects.toThrow();
    });

    const replay = await resend(host, token, order);
    expect(replay.replayed).toBe(true);
    const [sale, ...others] = await reconcileUntilFinal(host, await login(host, ADMIN), token);
    expect(others).toEqual([]);
    expect(sale).toMatchObject({
      id: replay.sale.id,
      status: 'failed',
      failure_code: 'carrier_not_received',
      commission: 0,
    });
    expect(carrier.simulator.credited()).toEqual([]);
    expect(await walletOf(host, token)).toEqual({
      available: DEMO_FUNDING,
      held: 0,
      commission: 0,
    });

    const again = await resend(host, token, order);
    expect(again).toEqual({
      sale: expect.objectContaining({ id: sale!.id, status: 'failed' }),
      replayed: true,
    });
    expect(await ledgerProblems(host)).toEqual([]);
  });

  it('posts a sale the carrier credited just before the host died', async () => {
    const { host, token } = await crashWhile('after_carrier', async (doomed, token) => {
      await expect(sell(doomed, token, order)).rejects.toThrow();
    });

    const replay = await resend(host, token, order);
    expect(replay.replayed).toBe(true);
    const [sale, ...others] = await reconcileUntilFinal(host, await login(host, ADMIN), token);
    expect(others).toEqual([]);
    expect(sale).toMatchObject({ id: replay.sale.id, status: 'succeeded', commission: 600 });
    expect(carrier.simulator.credited()).toEqual([
      { saleId: sale!.id, msisdn: '+254712345678', amount: 10_000, status: 'succeeded' },
    ]);
    expect(await walletOf(host, token)).toEqual({
      available: DEMO_FUNDING - 10_000,
      held: 0,
      commission: 600,
    });

    const again = await resend(host, token, order);
    expect(again).toEqual({
      sale: expect.objectContaining({ id: sale!.id, status: 'succeeded' }),
      replayed: true,
    });
    expect(await ledgerProblems(host)).toEqual([]);
  });
});

describe('a host killed with several sales in flight', () => {
  // One number the carrier declines (901): failed whether or not the carrier saw it before the crash.
  const orders: Order[] = ['001', '002', '901', '004', '005'].map((suffix, i) => ({
    key: `crash-many-${suffix}`,
    body: { msisdn: `0712345${suffix}`, amount: 1_000 * (i + 1) },
  }));

  it.each<CrashPoint>(['after_hold', 'after_carrier'])(
    'leaves every sale final and as the carrier has it (%s)',
    async (crashAt) => {
      const { host, token, answered } = await crashWhile(crashAt, (doomed, token) =>
        Promise.allSettled(orders.map((order) => sell(doomed, token, order))),
      );

      // After the restart each key names one sale: the one held before the crash, or a new one.
      const resent = await Promise.all(orders.map((order) => resend(host, token, order)));
      expect(resent.some((r) => r.replayed)).toBe(true);
      // Whatever the dying host did acknowledge is the sale its key still names.
      for (const [i, answer] of answered.entries()) {
        if (answer.status === 'fulfilled' && answer.value.status === 201) {
          expect(saleSchema.parse(await answer.value.json()).id).toBe(resent[i]!.sale.id);
        }
      }

      const sales = await reconcileUntilFinal(host, await login(host, ADMIN), token);
      expect(sales.map((s) => s.id).sort()).toEqual(resent.map((r) => r.sale.id).sort());

      const succeeded = sales.filter((s) => s.status === 'succeeded');
      const credited = carrier.simulator.credited().filter((c) => c.status === 'succeeded');
      expect(succeeded.map((s) => s.id).sort()).toEqual(credited.map((c) => c.saleId).sort());
      expect(sales.find((s) => s.msisdn.endsWith('901'))?.status).toBe('failed');
      for (const sale of succeeded) expect(sale.commission).toBe(Math.floor(sale.amount * 0.06));

      const total = (key: 'amount' | 'commission') => succeeded.reduce((sum, s) => sum + s[key], 0);
      expect(await walletOf(host, token)).toEqual({
        available: DEMO_FUNDING - total('amount'),
        held: 0,
        commission: total('commission'),
      });
      expect(await ledgerProblems(host)).toEqual([]);
    },
  );
});

describe('a host whose writer thread dies in the middle of a group (issue 13)', () => {
  const orders: Order[] = Array.from({ length: 6 }, (_, i) => ({
    key: `crash-thread-${i}`,
    body: { msisdn: `07123450${String(i).padStart(2, '0')}`, amount: 1_000 * (i + 1) },
  }));

  it('stops the host, and loses nothing it acknowledged', async () => {
    // The thread ends itself after the third sale's statements ran, before that group's COMMIT.
    const doomed = await hosts.start({ ...env, CRASH_AT: 'writer_thread' });
    const token = await login(doomed, RETAILER);
    const first = await sell(doomed, token, orders[0]!);
    expect(first.status).toBe(201);
    const answered = await Promise.allSettled(
      orders.slice(1).map((order) => sell(doomed, token, order)),
    );
    // Failed loudly: the process ended by itself, not by a signal.
    const exit = await doomed.exited;
    expect(exit.signal).toBeNull();
    expect(exit.code).not.toBe(0);
    expect(doomed.output()).toMatch(/writer thread died/);
    const acknowledged = [
      { order: orders[0]!, id: saleSchema.parse(await first.json()).id },
      ...(await Promise.all(
        answered.map(async (answer, i) =>
          answer.status === 'fulfilled' && answer.value.status === 201
            ? { order: orders[i + 1]!, id: saleSchema.parse(await answer.value.json()).id }
            : undefined,
        ),
      )),
    ].filter((a) => a !== undefined);
    // At most the two sales before the third were acknowledged, and never the third's group.
    expect(acknowledged.length).toBeLessThanOrEqual(2);

    const host = await hosts.start(env);
    for (const { order, id } of acknowledged) {
      expect(await resend(host, token, order)).toEqual({
        sale: expect.objectContaining({ id }),
        replayed: true,
      });
    }
    const resent = await Promise.all(orders.map((order) => resend(host, token, order)));
    const sales = await reconcileUntilFinal(host, await login(host, ADMIN), token);
    expect(sales.map((s) => s.id).sort()).toEqual(resent.map((r) => r.sale.id).sort());
    expect(await ledgerProblems(host)).toEqual([]);
  }, 90_000);
});
