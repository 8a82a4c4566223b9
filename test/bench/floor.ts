import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { v7 as uuidv7 } from 'uuid';
import { type Database, openEmbedded } from '../../db/client';
import { ensureSystemAccounts, productStatements, userStatements } from '../../db/seed';
import { type AuditEntry, appendStatements, TAIL_SQL, tailOf } from '../../worker/audit/chain';
import { fundWallet, holdSale, type NewSale, postSale } from '../../worker/ledger/statements';
import { makeTempDir, removeTempDir } from './temp';

/**
 * The database side of a sale without HTTP: the statements the host writes for one
 * succeeding sale (worker/ledger/statements.ts), on a fresh embedded database set up
 * like the host's (openEmbedded: WAL, synchronous=FULL).
 */

const RETAILER = 'u-bench-retailer';
const CURRENCY = 'KES';
const AMOUNT = 1_000;
/** Safaricom's 6%, rounded down, as the host computes it for '0712345678'. */
const COMMISSION = 60;
/** What the host stores for the request; its value does not change the cost of the write. */
const REQUEST_HASH = 'f'.repeat(64);

export interface Rate {
  sales: number;
  seconds: number;
  perSecond: number;
}

function newSale(n: number): NewSale {
  const now = Date.now();
  return {
    id: uuidv7(),
    retailerId: RETAILER,
    idempotencyKey: `floor-${n}`,
    requestHash: REQUEST_HASH,
    msisdn: '+254712345678',
    amount: AMOUNT,
    currency: CURRENCY,
    productId: 'safaricom-airtime',
    operator: 'safaricom',
    commission: COMMISSION,
    channel: 'app',
    now,
    resolveAfter: now + 15_000,
    // The daily limit is a per-outlet business rule, not what is measured here.
    dailyLimit: Number.MAX_SAFE_INTEGER,
  };
}

/** The audit entry the host appends with every hold (worker/sales/service.ts). */
const auditOf = (sale: NewSale): AuditEntry => ({
  at: sale.now,
  actorId: sale.retailerId,
  actorRole: 'retailer',
  action: 'sale',
  channel: sale.channel,
  subject: sale.id,
  detail: { msisdn: sale.msisdn, amount: sale.amount },
});

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
      const audited = appendStatements(tail, [auditOf(sale)]);
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
 * the host's PreparedWriter (db/prepared-writer.ts), with `inFlight` sales under way at once, as concurrent
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
        await database.writer.write(holdSale(sale), [auditOf(sale)]);
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
