import { v7 as uuidv7 } from 'uuid';
import { openRemote } from '../../db/remote';
import type { AuditEntry } from '../../worker/audit/chain';
import { holdSale, type NewSale, postSale } from '../../worker/ledger/statements';

/**
 * The database side of a sale on sqld without HTTP or a Worker: the hold (with its audit
 * entry) and the post the edge host writes for one succeeding sale, through BatchWriter
 * from Node. `inFlight` 1 is one writer waiting for each sale; more let the write lane
 * group-commit them. What one sqld primary can take, before any app cost.
 */

const RETAILER = 'u-ret-101';

function newSale(n: number): NewSale {
  const now = Date.now();
  return {
    id: uuidv7(),
    retailerId: RETAILER,
    idempotencyKey: `edge-floor-${now}-${n}`,
    requestHash: 'f'.repeat(64),
    msisdn: '+254712345678',
    amount: 1_000,
    currency: 'KES',
    productId: 'safaricom-airtime',
    operator: 'safaricom',
    commission: 60,
    channel: 'app',
    now,
    resolveAfter: now + 15_000,
    dailyLimit: Number.MAX_SAFE_INTEGER,
  };
}

const auditOf = (sale: NewSale): AuditEntry => ({
  at: sale.now,
  actorId: sale.retailerId,
  actorRole: 'retailer',
  action: 'sale',
  channel: sale.channel,
  subject: sale.id,
  detail: { msisdn: sale.msisdn, amount: sale.amount },
});

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
      await database.writer.write(holdSale(sale), [auditOf(sale)]);
      await database.writer.write(postSale(sale.id, `FLOOR-${sale.id}`, Date.now()));
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  await database.close();
  return done / ((Date.now() - started) / 1_000);
}
