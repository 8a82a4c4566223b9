import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { idempotencyKeys, sales, users } from '../../db/schema';
import { auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { AppError, appError, notFound } from '../errors';
import { holdSale, rejectSale, saleDay } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { logOf } from '../log';
import { parseMsisdn } from './phone';
import { cachedProducts, commissionFor, resolveProduct } from './products';
import { callCarrier } from './settle';
import { type SaleView, saleView } from './view';

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
  const [row] = await deps.db
    .select()
    .from(sales)
    .where(and(eq(sales.id, saleId), eq(sales.retailerId, retailerId)));
  if (!row) throw notFound('Sale');
  return saleView(row);
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

/** The outlet's limits: its own where an admin set them, else the deployment's (DESIGN 8). */
export async function outletLimits(deps: Deps, retailerId: string) {
  const [row] = await deps.db
    .select({ minSale: users.minSale, maxSale: users.maxSale, dailyLimit: users.dailyLimit })
    .from(users)
    .where(eq(users.id, retailerId));
  return {
    minSale: row?.minSale ?? deps.config.MIN_SALE,
    maxSale: row?.maxSale ?? deps.config.MAX_SALE,
    dailyLimit: row?.dailyLimit ?? deps.config.DAILY_LIMIT,
  };
}

async function reject(
  deps: Deps,
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
        auditEntry(
          deps,
          { id: base.retailerId, role: 'retailer' },
          'sale_rejected',
          base.channel,
          null,
          {
            key: base.idempotencyKey,
            code: error.code,
          },
        ),
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

/**
 * POST /api/v1/sales (DESIGN 4): hold, then call the carrier, then answer with the
 * sale as it stands after at most SALE_WAIT_MS. The carrier call and its settlement
 * go on in the background when the wait runs out.
 */
export async function createSale(
  deps: Deps,
  retailerId: string,
  idempotencyKey: string,
  request: SaleRequest,
  channel = 'app',
): Promise<SaleAnswer> {
  const { config } = deps;
  const msisdn = parseMsisdn(request.msisdn, config.DEFAULT_COUNTRY);
  const product = resolveProduct(await cachedProducts(deps), msisdn.national, request.product);
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
        commission: commissionFor(request.amount, product.bps),
        channel,
        now,
        resolveAfter: now + config.RECONCILE_AFTER_MS,
        dailyLimit: limits.dailyLimit,
        ...saleDay(now, config.TIMEZONE),
      }),
      [
        auditEntry(deps, { id: retailerId, role: 'retailer' }, 'sale', channel, sale.id, {
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
      return reject(deps, base, appError(violation));
    }
    if (violation === 'duplicate_key') {
      const answer = await answerForKey(deps, retailerId, idempotencyKey, requestHash);
      if (answer) return answer;
    }
    throw error;
  } finally {
    deps.inflight.delete(flight);
  }

  const settled = callCarrier(deps, sale).catch((error) =>
    logOf(deps).error('settling sale failed', { sale: sale.id, error }),
  );
  deps.background(settled);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    settled,
    new Promise((resolve) => {
      timer = setTimeout(resolve, config.SALE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  return { sale: await getSale(deps, retailerId, sale.id), replayed: false };
}
