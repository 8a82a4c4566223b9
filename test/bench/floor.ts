import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { type Database, openEmbedded } from '../../db/client';
import { ensureSystemAccounts, productStatements, userStatements } from '../../db/seed';
import { appendStatements, TAIL_SQL, tailOf } from '../../worker/audit/chain';
import { fundWallet, holdSale, postSale } from '../../worker/ledger/statements';
import { benchSale, saleAudit } from './sale';
import { makeTempDir, removeTempDir } from './temp';

/**
 * The database side of a sale without HTTP: the statements the host writes for one
 * succeeding sale (worker/ledger/statements.ts), on a fresh embedded database set up
 * like the host's (openEmbedded: WAL, synchronous=FULL).
 */

const RETAILER = 'u-bench-retailer';
const CURRENCY = 'KES';

export interface Rate {
  sales: number;
  seconds: number;
  perSecond: number;
}

const newSale = (n: number) => benchSale(RETAILER, `floor-${n}`);

/** A fresh database with the products, one retailer and a wallet deep enough for any run. */
async function freshDatabase(
  name: string,
): Promise<{ url: string; database: Database; dir: string }> {
  const dir = makeTempDir(name);
  const url = `file:${join(dir, 'bench.db')}`;
  const database = await openEmbedded(url);
  await ensureSystemAccounts(database.writer, CURRENCY);
  const retailer = {
    id: RETAILER,
    role: 'retailer' as const,
    name: 'Bench Shop',
    phone: '+254700009999',
    secret: '1357',
  };
  await database.writer.write([
    ...productStatements(),
    ...(await userStatements(retailer, CURRENCY, Date.now(), 1_000)),
    ...fundWallet(RETAILER, 1_000_000_000_000, 'bench-floor', Date.now()),
  ]);
  return { url, database, dir };
}

function rate(sales: number, started: number): Rate {
  const seconds = (performance.now() - started) / 1000;
  return { sales, seconds, perSecond: sales / seconds };
}

async function assertAllPosted(client: Client, expected: number): Promise<void> {
  const result = await client.execute(`SELECT count(*) AS n FROM sales WHERE status = 'succeeded'`);
  const posted = Number(result.rows[0]?.n);
  if (posted !== expected) throw new Error(`expected ${expected} posted sales, found ${posted}`);
}

/**
 * The floor: one writer on its own connection (concurrency 1), no group commit, no HTTP.
 * `perSale: 'one'` writes hold and post in one transaction (one fsync per sale);
 * `'two'` writes them as the host does, two transactions (two fsyncs per sale).
 */
export async function floor(seconds: number, perSale: 'one' | 'two'): Promise<Rate> {
  const { url, database, dir } = await freshDatabase(`floor-${perSale}`);
  await database.close();
  const client = createClient({ url, concurrency: 1 });
  try {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = FULL');
    // One writer: the audit chain's tail stays in memory, as in the host's group commit.
    let tail = tailOf((await client.execute(TAIL_SQL)).rows[0]);
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    let sales = 0;
    while (performance.now() < deadline) {
      const sale = newSale(sales);
      const audited = appendStatements(tail, [saleAudit(sale)]);
      const hold = [...holdSale(sale), ...audited.statements];
      const post = postSale(sale.id, `FLOOR-${sales}`, sale.now);
      if (perSale === 'one') {
        await client.batch([...hold, ...post], 'write');
      } else {
        await client.batch(hold, 'write');
        await client.batch(post, 'write');
      }
      tail = audited.tail;
      sales++;
    }
    const result = rate(sales, started);
    await assertAllPosted(client, sales);
    return result;
  } finally {
    client.close();
    removeTempDir(dir);
  }
}

/**
 * The host's write path without HTTP: every sale's hold and then its post go through
 * the host's writer thread (db/thread-writer.ts), with `inFlight` sales under way at once, as concurrent
 * requests would have them.
 */
export async function groupCommit(seconds: number, inFlight: number): Promise<Rate> {
  const { database, dir } = await freshDatabase('group');
  try {
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    let sales = 0;
    const seller = async () => {
      while (performance.now() < deadline) {
        const sale = newSale(sales++);
        await database.writer.write(holdSale(sale), [saleAudit(sale)]);
        await database.writer.write(postSale(sale.id, `GROUP-${sales}`, sale.now));
      }
    };
    await Promise.all(Array.from({ length: inFlight }, seller));
    const result = rate(sales, started);
    await assertAllPosted(database.client, sales);
    return result;
  } finally {
    await database.close();
    removeTempDir(dir);
  }
}
