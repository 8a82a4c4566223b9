import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ServerType, serve } from '@hono/node-server';
import { v7 as uuidv7 } from 'uuid';
import { createSimulatorApp } from '../../worker/carrier/sim-server';
import { CarrierSimulator } from '../../worker/carrier/simulator';
import { NodeHosts } from '../support/node-process';
import { type Order, OutboxLoad, Teardown } from './outbox-load';
import type { ChaosReport } from './report';
import type { Scenario } from './run';
import { customer, hostEnv, openSession, settleAndCheck } from './sales-run';
import { random } from './seed';

/**
 * Issue 6, scenario 2: under sales load the carrier service goes away for a while and
 * comes back on the same port with the same record, and then answers its top-ups only
 * after the host's timeout (late success: the credit is applied, the answer is lost).
 * After reconciliation every sale is final, none the carrier delivered is refunded and
 * none it did not deliver is charged (checkLedger with the carrier's record).
 */

export interface FaultSize {
  clients: number;
  /** Sales acknowledged before the outage, after it, and (started) in the late phase. */
  acksPerPhase: number;
  outageMs: number;
  lateSales: number;
}

export const LONG: FaultSize = {
  clients: 64,
  acksPerPhase: 2_000,
  outageMs: 30_000,
  lateSales: 500,
};
export const SHORT: FaultSize = { clients: 16, acksPerPhase: 30, outageMs: 3_000, lateSales: 20 };

/** The host's CARRIER_TIMEOUT_MS (hostEnv) and how much later the late carrier answers. */
const CARRIER_TIMEOUT_MS = 1_000;
const LATE_MS = CARRIER_TIMEOUT_MS + 1_000;

/**
 * The simulator's HTTP service, which can be stopped and started again on the same port
 * with the same record, and whose top-up answers can be held back past the host's
 * timeout. Only the top-up answer is late: were status answers late too (the
 * simulator's own latencyMs applies to both), reconciliation could never settle a sale.
 */
class CarrierService {
  readonly simulator = new CarrierSimulator();
  /** While above zero, top-ups are applied on arrival and answered this much later. */
  lateMs = 0;
  private port = 0;
  private server: ServerType | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const app = createSimulatorApp(this.simulator);
    const fetch = async (request: Request) => {
      const answer = await app.fetch(request);
      const late = this.lateMs;
      if (late > 0 && request.method === 'POST' && new URL(request.url).pathname === '/topups') {
        await sleep(late);
      }
      return answer;
    };
    const server = serve({ fetch, port: this.port, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    this.port = address.port;
    this.server = server;
  }

  /** Closes the port and cuts every open connection, answers in flight included. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise((resolve) => server.close(resolve));
    if ('closeAllConnections' in server) server.closeAllConnections();
    await closed;
  }
}

type Phase = 'before' | 'outage' | 'after' | 'late' | 'recovered';

export async function runCarrierFaults(
  size: FaultSize,
  teardown = new Teardown(),
): Promise<ChaosReport> {
  const violations: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'airload-chaos-carrier-'));
  teardown.add(() => rmSync(dir, { recursive: true, force: true }));
  const carrier = new CarrierService();
  await carrier.start();
  teardown.add(() => carrier.stop());
  const hosts = new NodeHosts();
  teardown.add(() => hosts.killAll());
  const env: Record<string, string> = {
    ...hostEnv(dir, carrier.url),
    CARRIER_TIMEOUT_MS: String(CARRIER_TIMEOUT_MS),
  };

  try {
    const host = await hosts.start(env);
    const session = await openSession(host.url, 1_000_000_000, `carrier-${uuidv7()}`);
    let phase: Phase = 'before';
    /** The phase each key was first sent in. */
    const phaseOf = new Map<string, Phase>();
    const next = (client: number): Order => {
      const key = uuidv7();
      phaseOf.set(key, phase);
      const amount = 500 + Math.floor(random() * 9_501);
      return { key, retailer: client % session.tokens.length, msisdn: customer(), amount };
    };
    const load = new OutboxLoad({
      clients: size.clients,
      base: () => host.url,
      tokens: session.tokens,
      next,
    });
    teardown.add(() => load.abort());
    load.start();
    const started = Date.now();

    await load.acked(size.acksPerPhase);
    phase = 'outage';
    await carrier.stop();
    const outageStarted = Date.now();
    // The outage lasts its time and sees load: sales answered while the carrier is away.
    await Promise.all([sleep(size.outageMs), load.acked(load.acks.size + size.acksPerPhase)]);
    await carrier.start();
    const outageMs = Date.now() - outageStarted;
    phase = 'after';
    await load.acked(load.acks.size + size.acksPerPhase);

    phase = 'late';
    carrier.lateMs = LATE_MS;
    const lateFrom = load.acks.size;
    await load.acked(lateFrom + size.lateSales + size.clients);
    carrier.lateMs = 0;
    phase = 'recovered';
    await load.acked(load.acks.size + size.acksPerPhase);
    await load.stop();
    const loadMs = Date.now() - started;

    const { db, settled, credited, acked } = await settleAndCheck({
      host,
      databaseUrl: env.DATABASE_URL!,
      admin: session.admin,
      carrier: carrier.simulator,
      load,
      teardown,
      deadlineMs: 180_000,
      violations,
    });

    // How each phase's sales ended: final status by sale id, from the database.
    const finals = new Map(
      (await db.execute('SELECT id, status, failure_code FROM sales')).rows.map((r) => [
        String(r.id),
        `${r.status}${r.failure_code ? ` ${r.failure_code}` : ''}`,
      ]),
    );
    const byPhase = new Map<Phase, { acked: number; open: number; ends: Map<string, number> }>();
    for (const ack of load.acks.values()) {
      const p = phaseOf.get(ack.order.key) ?? 'before';
      const row = byPhase.get(p) ?? { acked: 0, open: 0, ends: new Map<string, number>() };
      row.acked++;
      if (ack.status === 'pending' || ack.status === 'unknown') row.open++;
      const end = finals.get(ack.saleId) ?? 'missing';
      row.ends.set(end, (row.ends.get(end) ?? 0) + 1);
      byPhase.set(p, row);
    }
    const outage = byPhase.get('outage');
    const late = byPhase.get('late');
    // The faults must have happened for the run to prove anything.
    if (!outage?.ends.get('failed carrier_not_received')) {
      violations.push(
        'no sale made during the outage was refunded as never received: the outage was not exercised',
      );
    }
    if (!late?.open || !late.ends.get('succeeded')) {
      violations.push(
        'no late answer was settled as a success: the late carrier was not exercised',
      );
    }
    if (violations.length > 0) console.error(hosts.report().slice(-20_000));

    const describe = (p: Phase) => {
      const row = byPhase.get(p);
      if (!row) return 'none';
      const ends = [...row.ends].map(([end, n]) => `${end} ${n}`).join(', ');
      return `${row.acked} acknowledged, ${row.open} of them answered pending/unknown; final: ${ends}`;
    };
    const { figures } = acked;
    return {
      scenario: 'carrier-faults',
      figures: [
        ['concurrent clients (fetch, keep-alive, resend with the same key)', size.clients],
        ['carrier outage (ms, port closed, connections cut)', outageMs],
        [
          'late carrier: answers after (ms) / host carrier timeout (ms)',
          `${LATE_MS} / ${CARRIER_TIMEOUT_MS}`,
        ],
        ['load duration (s)', (loadMs / 1_000).toFixed(1)],
        ['sales first sent before the outage', describe('before')],
        ['sales first sent during the outage', describe('outage')],
        ['sales first sent after the outage', describe('after')],
        ['sales first sent while the carrier answered late', describe('late')],
        ['sales first sent after the late phase', describe('recovered')],
        ['requests sent / resent', `${load.sends} / ${load.resends}`],
        ['final: succeeded / failed', `${figures.succeeded} / ${figures.failed}`],
        ['reconciliation after the load: runs / ms', `${settled.runs} / ${settled.ms}`],
        ['carrier credits (succeeded)', credited.filter((c) => c.status === 'succeeded').length],
        [
          'ledger succeeded total = carrier credited total',
          `${figures.succeededTotal} = ${carrier.simulator.creditedTotal()}`,
        ],
      ],
      violations,
    };
  } catch (error) {
    console.error(hosts.report().slice(-20_000));
    throw error;
  } finally {
    await teardown.run();
  }
}

export const scenario: Scenario = { name: 'carrier-faults', run: () => runCarrierFaults(LONG) };
