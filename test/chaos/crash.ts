import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { type NodeHost, NodeHosts, startCarrierServer } from '../support/node-process';
import { type Order, OutboxLoad, Teardown } from './outbox-load';
import type { ChaosReport } from './report';
import type { Scenario } from './run';
import { customer, hostEnv, openSession, settleAndCheck } from './sales-run';
import { random } from './seed';

/**
 * Issue 6, scenario 1: the Node host under sales load is SIGKILLed at random moments and
 * restarted on the same database each time, while the clients resend with their keys as
 * the outbox does. After the last restart and reconciliation every acknowledged sale
 * exists once with its money right, and the ledger agrees with the carrier's record.
 */

export interface CrashSize {
  kills: number;
  clients: number;
  /** Sales each host acknowledges before its kill may come... */
  acksPerLife: number;
  /** ...which then comes at a random moment within this many ms. */
  lifeMs: number;
}

export const LONG: CrashSize = { kills: 20, clients: 64, acksPerLife: 100, lifeMs: 3_000 };
export const SHORT: CrashSize = { kills: 3, clients: 16, acksPerLife: 20, lifeMs: 1_000 };

/** Mostly ordinary numbers; some the carrier declines (901), or applies or loses without answering (902, 903). */
function order(retailers: number): (client: number, n: number) => Order {
  return (client) => {
    const draw = random();
    const suffix = draw < 0.02 ? '901' : draw < 0.03 ? '902' : draw < 0.04 ? '903' : undefined;
    return {
      key: uuidv7(),
      retailer: client % retailers,
      msisdn: customer(suffix),
      amount: 500 + Math.floor(random() * 9_501),
    };
  };
}

export async function runCrash(size: CrashSize, teardown = new Teardown()): Promise<ChaosReport> {
  const violations: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'airload-chaos-crash-'));
  teardown.add(() => rmSync(dir, { recursive: true, force: true }));
  const carrier = await startCarrierServer();
  teardown.add(() => carrier.close());
  const hosts = new NodeHosts();
  teardown.add(() => hosts.killAll());
  const env = hostEnv(dir, carrier.url);

  try {
    const started = Date.now();
    let host: NodeHost = await hosts.start(env);
    const session = await openSession(host.url, 1_000_000_000, `crash-${uuidv7()}`);
    const load = new OutboxLoad({
      clients: size.clients,
      base: () => host.url,
      tokens: session.tokens,
      next: order(session.tokens.length),
    });
    teardown.add(() => load.abort());
    load.start();

    const restartMs: number[] = [];
    const ackedAtKill: number[] = [];
    for (let kill = 1; kill <= size.kills; kill++) {
      await load.acked(load.acks.size + size.acksPerLife);
      await sleep(random() * size.lifeMs);
      ackedAtKill.push(load.acks.size);
      const exit = await host.kill();
      if (exit.signal !== 'SIGKILL') {
        violations.push(
          `host ${host.pid} ended by itself before kill ${kill} (${JSON.stringify(exit)})`,
        );
      }
      const restarting = Date.now();
      host = await hosts.start(env);
      restartMs.push(Date.now() - restarting);
    }
    // The last host serves some load too, then every client finishes the sale it holds.
    await load.acked(load.acks.size + size.acksPerLife);
    await load.stop();
    const loadMs = Date.now() - started;

    const { settled, credited, acked } = await settleAndCheck({
      host,
      databaseUrl: env.DATABASE_URL!,
      admin: session.admin,
      carrier: carrier.simulator,
      load,
      teardown,
      deadlineMs: 120_000,
      violations,
    });
    if (violations.length > 0) console.error(hosts.report().slice(-20_000));

    const acks = [...load.acks.values()];
    const { figures } = acked;
    return {
      scenario: 'crash',
      figures: [
        ['SIGKILLs (each followed by a restart on the same database)', size.kills],
        ['concurrent clients (fetch, keep-alive, resend with the same key)', size.clients],
        ['load duration (s)', (loadMs / 1_000).toFixed(1)],
        ['sales acknowledged (201)', acks.length],
        ['acknowledged at each kill', ackedAtKill.join(', ')],
        ['acknowledged by a replay (Idempotent-Replayed)', acks.filter((a) => a.replayed).length],
        [
          'acknowledged pending or unknown',
          acks.filter((a) => a.status === 'pending' || a.status === 'unknown').length,
        ],
        ['requests sent / resent', `${load.sends} / ${load.resends}`],
        [
          'resent after a network error / 5xx / 409',
          `${load.networkErrors} / ${load.serverErrors} / ${load.conflicts}`,
        ],
        ['restart to serving (ms, mean / max)', `${mean(restartMs)} / ${Math.max(...restartMs)}`],
        ['final: succeeded / failed', `${figures.succeeded} / ${figures.failed}`],
        ['failed by code', [...figures.failures].map(([code, n]) => `${code} ${n}`).join(', ')],
        ['reconciliation after the load: runs / ms', `${settled.runs} / ${settled.ms}`],
        [
          'ledger succeeded total = carrier credited total',
          `${figures.succeededTotal} = ${carrier.simulator.creditedTotal()}`,
        ],
        ['carrier credits (succeeded)', credited.filter((c) => c.status === 'succeeded').length],
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

const mean = (values: number[]) =>
  Math.round(values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1));

export const scenario: Scenario = { name: 'crash', run: () => runCrash(LONG) };
