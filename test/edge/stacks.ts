import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { afterEach, inject } from 'vitest';
import { prepareDatabase, replicaCaughtUp } from '../../scripts/edge/database';
import { type Sqld, startSqld } from '../../scripts/edge/sqld';
import { snapshotWorker, startWrangler, type Wrangler } from '../../scripts/edge/wrangler';
import { startAtSmsFake } from '../../worker/sms/africastalking-fake';
import { CARRIER_SLOW_MS, SUITE_ENV, type Target } from '../api-suite';
import { Api } from '../api-suite/target';
import { type CarrierServer, startCarrierServer, startNodeHost } from '../support/node-process';

/**
 * The hosts the API suite runs against, each started once per test file with its own
 * database and carrier simulator service, and stopped whatever happened (afterAll).
 */
export interface Stack {
  target: Target;
  /** What the processes printed, for a failing test's report. */
  output(): string;
  stop(): Promise<void>;
}

/** Stops what was started, newest first, even when one of them fails to stop. */
async function stopAll(stops: Array<() => Promise<unknown>>) {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}

/** Starts the pieces in order; if one fails, stops those already running and rethrows. */
async function building<T>(
  stops: Array<() => Promise<unknown>>,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}

const carrier = () => startCarrierServer({ slowMs: CARRIER_SLOW_MS });

/** The SMS provider's fake, stopped with the stack. */
async function smsProvider(stops: Array<() => Promise<unknown>>) {
  const fake = await startAtSmsFake(SUITE_ENV.AT_API_KEY);
  stops.push(() => fake.close());
  return fake;
}

/** worker/node.ts as a child process on an embedded libSQL file. */
export async function nodeStack(): Promise<Stack> {
  const stops: Array<() => Promise<unknown>> = [];
  return building(stops, async () => {
    const sim: CarrierServer = await carrier();
    stops.push(() => sim.close());
    const sms = await smsProvider(stops);
    const dir = mkdtempSync(join(tmpdir(), 'airload-node-suite-'));
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    const url = `file:${join(dir, 'airload.db')}`;
    const host = await startNodeHost({
      ...SUITE_ENV,
      DATABASE_URL: url,
      PORT: '0',
      CARRIER_URL: sim.url,
      AT_SMS_URL: sms.url,
      SEED_DEMO: '1',
    });
    stops.push(() => host.stop());
    const database: Client = createClient({ url });
    stops.push(async () => database.close());
    const api = new Api(host.url);
    const admin = await api.login('admin@demo.airload');
    const target: Target = {
      url: host.url,
      carrierUrl: sim.url,
      database,
      sms,
      async reconcile() {
        const res = await api.call('POST', '/api/v1/admin/reconciliation', { token: admin });
        if (res.status !== 200) throw new Error(`reconciliation: ${res.status}`);
      },
    };
    return { target, output: () => host.output(), stop: () => stopAll(stops) };
  });
}

/**
 * `wrangler dev` (worker/index.ts) on sqld: on the primary itself, or with `replica`
 * on an sqld replica that forwards its writes to a primary in another sqld process.
 */
export async function edgeStack(options: { replica?: boolean } = {}): Promise<Stack> {
  const stops: Array<() => Promise<unknown>> = [];
  const processes: Array<{ name: string; output(): string }> = [];
  return building(stops, async () => {
    const sim = await carrier();
    stops.push(() => sim.close());
    const sms = await smsProvider(stops);
    const primary: Sqld = await startSqld({ grpc: options.replica });
    stops.push(() => primary.stop());
    processes.push(primary.child);
    await prepareDatabase(primary.url);
    let served = primary;
    if (options.replica) {
      const replica = await startSqld({ primaryGrpcUrl: primary.grpcUrl });
      stops.push(() => replica.stop());
      processes.push(replica.child);
      await replicaCaughtUp(primary.url, replica.url);
      served = replica;
    }
    const { root: snapshot, assets } = inject('edgeWorker');
    // A copy for this stack alone: two `wrangler dev` in one project restart each other.
    const own = mkdtempSync(join(tmpdir(), 'airload-edge-stack-'));
    stops.push(async () => rmSync(own, { recursive: true, force: true }));
    const root = snapshotWorker(join(own, 'project'), snapshot);
    const wrangler: Wrangler = await startWrangler({
      root,
      assets,
      vars: { ...SUITE_ENV, DATABASE_URL: served.url, CARRIER_URL: sim.url, AT_SMS_URL: sms.url },
    });
    stops.push(() => wrangler.stop());
    processes.push(wrangler.child);
    const database = createClient({ url: primary.url });
    stops.push(async () => database.close());
    const target: Target = {
      url: wrangler.url,
      carrierUrl: sim.url,
      database,
      sms,
      reconcile: () => wrangler.scheduled(),
    };
    const output = () => processes.map((p) => `--- ${p.name} ---\n${p.output()}`).join('\n');
    return { target, output, stop: () => stopAll(stops) };
  });
}

/** Prints the processes' recent output after a failed test, once per file. */
export function reportFailures(stack: () => Stack | undefined) {
  let reported = false;
  afterEach((context) => {
    if (reported || context.task.result?.state !== 'fail') return;
    reported = true;
    console.error(stack()?.output().slice(-8_000));
  });
}
