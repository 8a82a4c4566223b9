import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { idempotencyKeys, sales } from '../../db/schema';
import { auditEntry } from '../audit/entry';
import type { Caller } from '../caller';
import type { Deps } from '../deps';
import { AppError, appError, notFound } from '../errors';
import { holdSale, rejectSale, saleDay } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { logOf } from '../log';
import { zoneOr } from '../regions/zones';
import { parseMsisdn } from './phone';
import { cachedCatalog, commissionAt, resolveProduct } from './products';
import { callCarrier } from './settle';
import { type SaleView, saleRowOf, saleView } from './view';

export interface SaleRequest {
  msisdn: string;
  amount: number;
  product?: string | undefined;
}

export interface SaleAnswer {
  sale: SaleView;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

export async function getSale(deps: Deps, retailerId: string, saleId: string): Promise<SaleView> {
  // A replayed key and a sale whose carrier is slow read it here: prepared once (issue 13).
  const { rows } = await deps.reader.execute({
    sql: 'SELECT * FROM sales WHERE id = ? AND retailer_id = ?',
    args: [saleId, retailerId],
  });
  if (!rows[0]) throw notFound('Sale');
  return saleView(saleRowOf(rows[0]));
}

/** Own sales, newest first; `cursor` is the last id of the previous page; `where` narrows them. */
export async function listSales(
  deps: Deps,
  retailerId: string,
  limit: number,
  cursor?: string,
  where?: SQL,
) {
  const rows = await deps.db
    .select()
    .from(sales)
    .where(and(eq(sales.retailerId, retailerId), cursor ? lt(sales.id, cursor) : undefined, where))
    .orderBy(desc(sales.id))
    .limit(limit);
  return {
    items: rows.map(saleView),
    next_cursor: rows.length === limit ? rows[rows.length - 1]!.id : null,
  };
}

/** The answer a key already has (DESIGN 4): its sale, its rejection, or 422 for another body. */
async function answerForKey(
  deps: Deps,
  retailerId: string,
  key: string,
  requestHash: string,
): Promise<SaleAnswer | undefined> {
  const [row] = await deps.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.retailerId, retailerId), eq(idempotencyKeys.key, key)));
  if (!row) return undefined;
  if (row.requestHash !== requestHash) {
    throw appError('idempotency_key_reused', 'This Idempotency-Key was used for another sale');
  }
  if (row.saleId) return { sale: await getSale(deps, retailerId, row.saleId), replayed: true };
  throw new AppError(
    row.rejectionStatus as AppError['status'],
    row.rejectionCode!,
    row.rejectionMessage!,
    true,
  );
}

/**
 * The outlet's limits: its own where an admin set them, else the deployment's (DESIGN 8),
 * and the zone its days count in (its region's, else TIMEZONE).
 * Read before every sale: prepared once (issue 13).
 */
export async function outletLimits(deps: Deps, retailerId: string) {
  const { rows } = await deps.reader.execute({
    sql: `SELECT u.min_sale, u.max_sale, u.daily_limit, r.timezone
          FROM users u LEFT JOIN regions r ON r.id = u.region_id WHERE u.id = ?`,
    args: [retailerId],
  });
  const limit = (column: string, fallback: number) => {
    const value = rows[0]?.[column];
    return typeof value === 'number' ? value : fallback;
  };
  return {
    minSale: limit('min_sale', deps.config.MIN_SALE),
    maxSale: limit('max_sale', deps.config.MAX_SALE),
    dailyLimit: limit('daily_limit', deps.config.DAILY_LIMIT),
    /** The outlet's day: its region's zone where it has one, else TIMEZONE (issue 11). */
    timezone: zoneOr(rows[0]?.timezone, deps.config),
  };
}

async function reject(
  deps: Deps,
  caller: Caller,
  base: { retailerId: string; idempotencyKey: string; requestHash: string; channel: string },
  error: AppError,
) {
  try {
    await deps.writer.write(
      rejectSale({
        ...base,
        status: error.status,
        code: error.code,
        message: error.message,
        now: deps.clock.now(),
      }),
      [
        auditEntry(deps, caller, 'sale_rejected', caller.channel, null, {
          key: base.idempotencyKey,
          code: error.code,
        }),
      ],
    );
  } catch (writeError) {
    // Another process answered this key first: its answer is the answer.
    if (violationOf(writeError) === 'duplicate_key') {
      const answer = await answerForKey(
        deps,
        base.retailerId,
        base.idempotencyKey,
        base.requestHash,
      );
      if (answer) return answer;
    }
    throw writeError;
  }
  throw error;
}

export interface SellOptions {
  /** How long to wait for the carrier before answering with the sale as it stands. */
  waitMs?: number;
}

/** The app's sale (POST /api/v1/sales): a retailer on the app channel. */
export const createSale = (
  deps: Deps,
  retailerId: string,
  idempotencyKey: string,
  request: SaleRequest,
  channel: Caller['channel'] = 'app',
): Promise<SaleAnswer> =>
  sell(deps, { id: retailerId, role: 'retailer', channel }, idempotencyKey, request);

/**
 * A sale on any channel (DESIGN 4, 6): hold, then call the carrier, then answer with
 * the sale as it stands after at most `waitMs` (SALE_WAIT_MS by default; USSD and SMS
 * pass USSD_WAIT_MS). The carrier call and its settlement go on in the background when
 * the wait runs out.
 */
export async function sell(
  deps: Deps,
  caller: Caller,
  idempotencyKey: string,
  request: SaleRequest,
  options: SellOptions = {},
): Promise<SaleAnswer> {
  const retailerId = caller.id;
  const channel = caller.channel;
  const { config } = deps;
  const msisdn = parseMsisdn(request.msisdn, config.DEFAULT_COUNTRY);
  const catalog = await cachedCatalog(deps);
  const product = resolveProduct(catalog.products, msisdn.national, request.product);
  const requestHash = bytesToHex(
    sha256(utf8ToBytes(JSON.stringify([msisdn.e164, request.amount, product.id]))),
  );

  // No read of the key first: the write itself finds a used key (its primary key), and
  // only then is the stored answer read. A new sale costs one read less.
  const flight = `${retailerId}\n${idempotencyKey}`;
  if (deps.inflight.has(flight)) {
    throw appError('idempotency_in_progress', 'A request with this key is still being processed');
  }

  const base = { retailerId, idempotencyKey, requestHash, channel };
  const limits = await outletLimits(deps, retailerId);
  if (request.amount < limits.minSale || request.amount > limits.maxSale) {
    return reject(
      deps,
      caller,
      base,
      appError('amount_out_of_range', `A sale is between ${limits.minSale} and ${limits.maxSale}`),
    );
  }

  const now = deps.clock.now();
  const sale = {
    id: uuidv7(),
    msisdn: msisdn.e164,
    amount: request.amount,
    currency: config.CURRENCY,
    operator: product.operator,
  };
  deps.inflight.add(flight);
  try {
    await deps.writer.write(
      holdSale({
        ...sale,
        ...base,
        productId: product.id,
        commission: commissionAt(catalog, product, request.amount, now),
        channel,
        now,
        resolveAfter: now + config.RECONCILE_AFTER_MS,
        // The outlet's own limit is read inside the write (statements.ts): this is the fallback.
        dailyLimit: config.DAILY_LIMIT,
        ...saleDay(now, limits.timezone),
      }),
      [
        auditEntry(deps, caller, 'sale', channel, sale.id, {
          msisdn: sale.msisdn,
          amount: sale.amount,
        }),
      ],
    );
  } catch (error) {
    const violation = violationOf(error);
    // These rejections stick to the key (DESIGN 4): a new try needs a new key.
    if (
      violation === 'insufficient_funds' ||
      violation === 'daily_limit_exceeded' ||
      violation === 'outlet_frozen'
    ) {
      return reject(deps, caller, base, appError(violation));
    }
    if (violation === 'duplicate_key') {
      const answer = await answerForKey(deps, retailerId, idempotencyKey, requestHash);
      if (answer) return answer;
    }
    throw error;
  } finally {
    deps.inflight.delete(flight);
  }

  const settled = callCarrier(deps, sale).catch((error) => {
    logOf(deps).error('settling sale failed', { sale: sale.id, error });
    return undefined;
  });
  deps.background(settled);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const latest = await Promise.race([
    settled,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.waitMs ?? config.SALE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  // The settling write returned the sale (issue 13); read it only when the wait ran out first.
  if (latest) return { sale: saleView(latest), replayed: false };
  return { sale: await getSale(deps, retailerId, sale.id), replayed: false };
}
