import { openRemote } from '../../db/remote';
import { holdSale, postSale } from '../../worker/ledger/statements';
import { cpuSecondsOf } from './host';
import { benchSale, saleAudit } from './sale';

/**
 * The database side of a sale on sqld without HTTP or a Worker: the hold (with its audit
 * entry) and the post the edge host writes for one succeeding sale, through openRemote's
 * GroupQueue from Node (the engine of the region's Durable Object). `inFlight` 1 is one
 * writer waiting for each sale; more let the queue group-commit them. What one sqld
 * primary can take, before any app cost.
 */

const RETAILER = 'u-ret-101';

const newSale = (n: number) => benchSale(RETAILER, `edge-floor-${Date.now()}-${n}`);

/** Sales per second (hold + post, two batches each) for `seconds`, `inFlight` at a time. */
export async function sqldFloor(url: string, seconds: number, inFlight: number): Promise<number> {
  const database = openRemote(url);
  let n = 0;
  let done = 0;
  const deadline = Date.now() + seconds * 1_000;
  const started = Date.now();
  const worker = async () => {
    while (Date.now() < deadline) {
      const sale = newSale(n++);
      await database.writer.write(holdSale(sale), [saleAudit(sale)]);
      await database.writer.write(postSale(sale.id, `FLOOR-${sale.id}`, Date.now()));
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  await database.close();
  return done / ((Date.now() - started) / 1_000);
}

const READ = JSON.stringify({
  requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }],
});

/**
 * What one HTTP request costs sqld (pid `pid`) in CPU, ms: a one-statement read (SELECT 1)
 * with no baton, 16 at a time for `seconds`, as each of a Worker's reads and batches is
 * sent. sqld opens a connection for each such request, and a connection reads the schema.
 */
export async function sqldRequestCost(url: string, pid: number, seconds: number): Promise<number> {
  const cpuBefore = cpuSecondsOf(pid);
  const deadline = Date.now() + seconds * 1_000;
  let requests = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (Date.now() < deadline) {
        const res = await fetch(`${url}/v2/pipeline`, { method: 'POST', body: READ });
        if (!res.ok) throw new Error(`sqld answered ${res.status}`);
        await res.text();
        requests++;
      }
    }),
  );
  const cpuAfter = cpuSecondsOf(pid);
  if (cpuBefore === undefined || cpuAfter === undefined) return Number.NaN;
  return ((cpuAfter - cpuBefore) * 1_000) / requests;
}
