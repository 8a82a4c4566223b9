import type { InStatement } from '@libsql/client';
import { v7 as uuidv7 } from 'uuid';
import { userStatements } from '../../db/seed';
import type { Deps } from '../../worker/deps';
import {
  fundWallet,
  holdSale,
  postSale,
  reverseSale,
  saleDay,
  voidSale,
} from '../../worker/ledger/statements';

export type Outcome = 'succeeded' | 'failed' | 'reversed' | 'pending';

export interface PastSale {
  at: number;
  msisdn?: string;
  amount?: number;
  outcome?: Outcome;
  /** The outlet's zone (its region's), where it is not TIMEZONE. */
  timezone?: string;
}

/**
 * Sales at any instant, written with the ledger's own statements (hold, then post,
 * void or reversal a moment later), so the per-day aggregates and the ledger check
 * see exactly what a real sale leaves. For the flag tests and the outlet benchmark.
 */
export function pastSaleStatements(
  deps: Pick<Deps, 'config'>,
  retailerId: string,
  s: PastSale,
  n: number,
): InStatement[] {
  const amount = s.amount ?? 1_000;
  const id = uuidv7({ msecs: s.at });
  const out: InStatement[] = holdSale({
    id,
    retailerId,
    idempotencyKey: `past-${id}`,
    requestHash: 'past',
    msisdn: s.msisdn ?? `+2547${String(10_000_000 + n).slice(-8)}`,
    amount,
    currency: deps.config.CURRENCY,
    productId: 'safaricom-airtime',
    operator: 'safaricom',
    commission: Math.floor((amount * 600) / 10_000),
    channel: 'app',
    now: s.at,
    resolveAfter: s.at + 15_000,
    dailyLimit: Number.MAX_SAFE_INTEGER,
    ...saleDay(s.at, s.timezone ?? deps.config.TIMEZONE),
  });
  const outcome = s.outcome ?? 'succeeded';
  if (outcome === 'failed') out.push(...voidSale(id, 'carrier_failed', s.at + 1));
  if (outcome === 'succeeded' || outcome === 'reversed')
    out.push(...postSale(id, `ref-${id}`, s.at + 1));
  if (outcome === 'reversed') out.push(...reverseSale(id, s.at + 2));
  return out;
}

let counter = 0;

/** A retailer of region `regionId`, opened at `createdAt`, last seen `seenAt`, with `funds`. */
export async function newRetailer(
  deps: Deps,
  o: { id: string; regionId?: string; createdAt: number; seenAt?: number | null; funds?: number },
) {
  const statements = await userStatements(
    {
      id: o.id,
      role: 'retailer',
      name: `Shop ${o.id}`,
      phone: `+2547990${String(10_000 + counter++).slice(-5)}`,
      secret: '1357',
      regionId: o.regionId ?? 'r-demo',
    },
    deps.config.CURRENCY,
    o.createdAt,
    1,
  );
  if (o.funds) statements.push(...fundWallet(o.id, o.funds, `fund-${o.id}`, o.createdAt));
  if (o.seenAt !== null) {
    statements.push({
      sql: 'UPDATE users SET last_seen_at = ? WHERE id = ?',
      args: [o.seenAt ?? o.createdAt, o.id],
    });
  }
  await deps.writer.write(statements);
}

/** Writes the sales, in one write. */
export async function sell(deps: Deps, retailerId: string, sales: PastSale[]) {
  await deps.writer.write(
    sales.flatMap((s, i) => pastSaleStatements(deps, retailerId, s, counter++ + i)),
  );
}
