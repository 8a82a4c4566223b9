import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareDatabase } from '../../scripts/edge/database';
import { type Sqld, startSqld } from '../../scripts/edge/sqld';
import { snapshotWorker, startWrangler, type Wrangler } from '../../scripts/edge/wrangler';
import { verifyChain } from '../../worker/audit/verify';
import { checkLedger } from '../../worker/ledger/check';
import { type Answer, Api, eventually, type Sale, SUITE_ENV } from '../api-suite/target';
import { type CarrierServer, startCarrierServer } from '../support/node-process';

/**
 * The Workers host killed mid-group (issue 13): workerd, with the region's Durable
 * Object and the groups it has in flight, is SIGKILLed while 64 sales are being made.
 * A new `wrangler dev` on the same sqld then reconciles. Every sale acknowledged before
 * the kill (a 201) is there once, final, as the carrier has it; no sale is left open;
 * the ledger and the audit chain hold. A sale is acknowledged only after its group's
 * batch committed, so none can be lost.
 */
let sim: CarrierServer;
let sqld: Sqld;
let database: Client;
let own: string;
let root: string;
let wrangler: Wrangler | undefined;

const start = () =>
  startWrangler({
    root,
    assets: inject('edgeWorker').assets,
    vars: { ...SUITE_ENV, DATABASE_URL: sqld.url, CARRIER_URL: sim.url },
  });

beforeAll(async () => {
  sim = await startCarrierServer();
  sqld = await startSqld();
  await prepareDatabase(sqld.url);
  database = createClient({ url: sqld.url });
  own = mkdtempSync(join(tmpdir(), 'airload-edge-crash-'));
  root = snapshotWorker(join(own, 'project'), inject('edgeWorker').root);
});
afterAll(async () => {
  await wrangler?.stop();
  database?.close();
  await sqld?.stop();
  await sim?.close();
  rmSync(own, { recursive: true, force: true });
});

describe('the Workers host killed in the middle of a group', () => {
  it('loses no acknowledged sale, and every sale ends final and as the carrier has it', async () => {
    wrangler = await start();
    const api = new Api(wrangler.url);
    const token = await api.login('+254700000101');
    const run = `crash-${Date.now()}`;
    let acknowledged = 0;
    let killed = false;
    let kill: () => void = () => {};
    const enough = new Promise<void>((resolve) => {
      kill = resolve;
    });
    const sales = Array.from({ length: 64 }, (_, i) =>
      api
        .sell(token, `${run}-${i}`, { msisdn: '0712345678', amount: 1_000 })
        .then((answer): Answer<Sale> | undefined => {
          // What came back after the kill is not an acknowledgement of this run's host.
          if (killed || answer.status !== 201) return undefined;
          if (++acknowledged >= 8) kill();
          return answer as Answer<Sale>;
        })
        .catch(() => undefined),
    );
    await Promise.race([enough, Promise.all(sales)]);
    killed = true;
    process.kill(-wrangler.child.pid, 'SIGKILL');
    const acked = (await Promise.all(sales)).filter((a) => a !== undefined).map((a) => a.body.id);
    await wrangler.stop();
    expect(acked.length).toBeGreaterThanOrEqual(8);
    // Not every sale was through when the host died: the kill came mid-run.
    expect(acked.length).toBeLessThan(64);

    wrangler = await start();
    await eventually(
      async () => {
        await wrangler!.scheduled();
        const open = await database.execute(
          `SELECT count(*) AS n FROM sales WHERE status IN ('pending', 'unknown')`,
        );
        return Number(open.rows[0]!.n);
      },
      (open) => open === 0,
      60_000,
    );
    const { rows } = await database.execute({
      sql: `SELECT s.id, s.status FROM sales s JOIN idempotency_keys k ON k.sale_id = s.id
            WHERE k.key LIKE ?`,
      args: [`${run}-%`],
    });
    const status = new Map(rows.map((r) => [String(r.id), String(r.status)]));
    for (const id of acked) expect(status.get(id)).toMatch(/^(succeeded|failed)$/);
    const credited = (await (await fetch(`${sim.url}/credited`)).json()) as {
      items: Parameters<typeof checkLedger>[1];
    };
    expect(await checkLedger(database, credited.items)).toEqual([]);
    expect(await verifyChain(database)).toMatchObject({ ok: true });
    console.log(`killed after ${acked.length} of 64 acknowledged; ${rows.length} sales in all`);
  }, 240_000);
});
