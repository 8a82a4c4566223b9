import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PIN } from '../db/seed';
import { login, postJson } from '../test/bench/host';
import { createHarness, type Harness } from '../test/support/harness';
import {
  type CarrierServer,
  type NodeHost,
  startCarrierServer,
  startNodeHost,
} from '../test/support/node-process';
import { createMetrics } from './metrics';

/**
 * Issue 14: GET /metrics on the Node host, Prometheus text format. A real host process
 * (worker/node.ts wires the metrics): a sale that succeeds, one the carrier never
 * received (903: timeout, unknown, then voided by reconciliation) and a wrong PIN, then
 * the scrape shows each of them.
 */

/** The value of the series `name` whose labels include `labels`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}) {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics on a Node host', () => {
  let dir: string;
  let carrier: CarrierServer;
  let host: NodeHost;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airload-metrics-'));
    carrier = await startCarrierServer();
    host = await startNodeHost({
      DATABASE_URL: `file:${join(dir, 'airload.db')}`,
      PORT: '0',
      JWT_SECRET: 'metrics-test-secret-that-is-at-least-32-chars',
      CARRIER_URL: carrier.url,
      SEED_DEMO: '1',
      CARRIER_TIMEOUT_MS: '1000',
      RECONCILE_AFTER_MS: '1500',
      RECONCILE_INTERVAL_MS: '500',
    });
  }, 60_000);
  afterAll(async () => {
    await host?.stop();
    await carrier?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async () => {
    const res = await fetch(`${host.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('counts sales by channel and status, carrier latency, refused logins and reconciliation', async () => {
    const token = await login(host.url, { phone: '+254700000101', pin: DEMO_PIN });
    const sell = (key: string, msisdn: string) =>
      fetch(`${host.url}/api/v1/sales`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ msisdn, amount: 1_000 }),
      });
    expect((await sell('metrics-ok', '0712345678')).status).toBe(201);
    expect((await sell('metrics-lost', '0712345903')).status).toBe(201);
    const refused = await postJson(`${host.url}/api/v1/auth/login`, {
      phone: '+254700000102',
      pin: '0000',
    });
    expect(refused.status).toBe(401);

    // The 903 sale is voided once reconciliation, every 500 ms here, finds it not_found;
    // then its SMS receipt is written, so the write queue empties a moment later.
    const text = await vi.waitFor(
      async () => {
        const text = await scrape();
        expect(sample(text, 'airload_sales', { channel: 'app', status: 'failed' })).toBe(1);
        expect(sample(text, 'airload_write_queue_depth')).toBe(0);
        return text;
      },
      { timeout: 40_000, interval: 250 },
    );
    expect(sample(text, 'airload_sales', { channel: 'app', status: 'succeeded' })).toBe(1);
    expect(sample(text, 'airload_logins_refused_total', { reason: 'invalid_credentials' })).toBe(1);
    expect(
      sample(text, 'airload_carrier_call_seconds_count', { call: 'topup', outcome: 'succeeded' }),
    ).toBe(1);
    expect(
      sample(text, 'airload_carrier_call_seconds_count', { call: 'topup', outcome: 'timeout' }),
    ).toBe(1);
    expect(
      sample(text, 'airload_carrier_call_seconds_count', { call: 'status', outcome: 'not_found' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'airload_reconciliation_sales_total', { result: 'voided' })).toBe(1);
    expect(sample(text, 'airload_reconciliation_runs_total', { outcome: 'ok' })).toBeGreaterThan(1);
    expect(sample(text, 'airload_reconciliation_backlog', { status: 'unknown' })).toBe(0);
    expect(sample(text, 'airload_reconciliation_backlog', { status: 'pending' })).toBe(0);
    expect(sample(text, 'airload_write_last_group_size')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'airload_writes')).toBeGreaterThanOrEqual(
      sample(text, 'airload_write_groups')!,
    );
    expect(
      sample(text, 'http_requests_total', {
        method: 'POST',
        route: '/api/v1/sales',
        status: '201',
      }),
    ).toBe(2);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  }, 90_000);
});

describe('who may scrape', () => {
  let address = '127.0.0.1';
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      app: (deps) => ({ metrics: createMetrics(deps).app, clientAddress: () => address }),
    });
  });
  afterAll(() => h.close());

  const scrapeAs = async (from: string, metricsToken?: string, authorization?: string) => {
    address = from;
    h.config.METRICS_TOKEN = metricsToken;
    const res = await h.call('GET', '/metrics', {
      headers: authorization ? { authorization } : {},
    });
    return res.status;
  };
  const token = 'metrics-token-0123456789';

  it('answers loopback without a token, and nobody else', async () => {
    expect(await scrapeAs('127.0.0.1')).toBe(200);
    expect(await scrapeAs('::1')).toBe(200);
    expect(await scrapeAs('10.1.2.3')).toBe(404);
  });

  it('with METRICS_TOKEN, answers only that bearer token, from anywhere', async () => {
    expect(await scrapeAs('10.1.2.3', token, `Bearer ${token}`)).toBe(200);
    expect(await scrapeAs('127.0.0.1', token)).toBe(401);
    expect(await scrapeAs('10.1.2.3', token, 'Bearer wrong-token-0123456789')).toBe(401);
  });

  it('is not mounted on an app built without it (the Workers host)', async () => {
    const bare = await createHarness();
    try {
      expect((await bare.call('GET', '/metrics')).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
