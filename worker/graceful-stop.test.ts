import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PIN } from '../db/seed';
import { login } from '../test/bench/host';
import { type CarrierServer, NodeHosts, startCarrierServer } from '../test/support/node-process';
import { checkLedger } from './ledger/check';

/**
 * Issue 14, graceful stop: SIGTERM to a real Node host while slow sales (904: the
 * carrier answers after 3 s) are in flight. The host refuses what comes after, lets
 * those sales finish as usual, and exits 0 within CARRIER_TIMEOUT_MS (plus its second
 * of grace for the last writes).
 */
const CARRIER_TIMEOUT_MS = 5_000;
const hosts = new NodeHosts();
let carrier: CarrierServer | undefined;
let dir: string | undefined;

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') console.error(hosts.report());
  await hosts.killAll();
  await carrier?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('graceful stop (SIGTERM)', () => {
  it('refuses new requests, lets the sales in flight succeed, and exits 0 in time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'airload-stop-'));
    carrier = await startCarrierServer();
    const url = `file:${join(dir, 'airload.db')}`;
    const host = await hosts.start(
      {
        DATABASE_URL: url,
        PORT: '0',
        JWT_SECRET: 'graceful-stop-secret-at-least-32-characters',
        CARRIER_URL: carrier.url,
        SEED_DEMO: '1',
        CARRIER_TIMEOUT_MS: String(CARRIER_TIMEOUT_MS),
        SALE_WAIT_MS: String(CARRIER_TIMEOUT_MS),
        RECONCILE_AFTER_MS: '60000',
      },
      60_000,
    );
    const token = await login(host.url, { phone: '+254700000101', pin: DEMO_PIN });
    const sales = [1, 2, 3].map((i) =>
      fetch(`${host.url}/api/v1/sales`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `slow-${i}`,
        },
        body: JSON.stringify({ msisdn: '0712345904', amount: 1_000 * i }),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { status: string },
      })),
    );
    // Held, and the carrier has them: the sales are in flight.
    await vi.waitFor(() => expect(carrier!.simulator.credited()).toHaveLength(3), {
      timeout: 20_000,
      interval: 20,
    });
    // And a client that never sends the rest of its body: the stop must not wait for it.
    const stalled = connect(Number(new URL(host.url).port), '127.0.0.1');
    stalled.on('error', () => {});
    await new Promise<void>((resolve) =>
      stalled.write(
        `POST /api/v1/sales HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\ncontent-type: application/json\r\nidempotency-key: stalled\r\ncontent-length: 100\r\n\r\n{"msisdn":`,
        () => resolve(),
      ),
    );

    const signalled = performance.now();
    process.kill(host.pid, 'SIGTERM');
    await vi.waitFor(() => expect(host.output()).toContain('stopping'), {
      timeout: 5_000,
      interval: 10,
    });
    const after = await fetch(`${host.url}/health`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(after);

    const answers = await Promise.all(sales);
    expect(answers.map((a) => [a.status, a.body.status])).toEqual([
      [201, 'succeeded'],
      [201, 'succeeded'],
      [201, 'succeeded'],
    ]);
    // The connections those sales came on are kept alive by the client: no more on them either.
    const again = await fetch(`${host.url}/health`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(again);
    expect(await host.exited).toEqual({ code: 0, signal: null });
    stalled.destroy();
    expect(performance.now() - signalled).toBeLessThan(CARRIER_TIMEOUT_MS + 1_000 + 2_000);

    const client = createClient({ url });
    try {
      const { rows } = await client.execute(
        'SELECT status, count(*) AS n FROM sales GROUP BY status',
      );
      expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['succeeded', 3]]);
      expect(await checkLedger(client, carrier.simulator.credited())).toEqual([]);
    } finally {
      client.close();
    }
  }, 90_000);
});
