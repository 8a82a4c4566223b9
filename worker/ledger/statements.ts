import type { InStatement } from '@libsql/client';
import { dayIn, hourIn } from '../../core/day';
import { SYSTEM_ACCOUNTS, walletAccountId } from './accounts';

/**
 * The ledger's writes, as plain statement lists with no branches, so that one list is
 * one atomic write on both hosts: a savepoint in the embedded group commit, one batch
 * over HTTP. Balances move by the triggers on `transfers` (migration 0001); the
 * schema's CHECK constraints and the sale-transition trigger abort a write that would
 * break an invariant. Hand-written SQL here, because it is the hot path and because a
 * batch cannot carry drizzle's query objects to the remote host.
 */

export interface NewSale {
  id: string;
  retailerId: string;
  idempotencyKey: string;
  requestHash: string;
  msisdn: string;
  amount: number;
  currency: string;
  productId: string;
  operator: string;
  commission: number;
  channel: string;
  now: number;
  resolveAfter: number;
  /**
   * The deployment's daily limit, for an outlet without its own: the day's total may
   * not pass it (CHECK daily_limit_not_exceeded). The outlet's own is read in the write.
   */
  dailyLimit: number;
  /** The sale's day in TIMEZONE (saleDay): the outlet_days row it counts on, stored on the sale. */
  day: string;
  /** Made between 00:00 and 05:00 local time (DESIGN 10 `night_sales`). */
  night: boolean;
}

/** Night, for DESIGN 10's `night_sales`: from 00:00 to 05:00 in TIMEZONE. */
export const NIGHT_END_HOUR = 5;

/**
 * The day a sale made at `now` counts on, in the deployment's TIMEZONE (DESIGN 8), never
 * a UTC day: computed here rather than by SQLite, which only knows UTC.
 */
export const saleDay = (now: number, timeZone: string): Pick<NewSale, 'day' | 'night'> => ({
  day: dayIn(now, timeZone),
  night: hourIn(now, timeZone) < NIGHT_END_HOUR,
});

/** The sale's own outlet_days row: the day stored on the sale, so a release hits the row it counted on. */
const SALE_DAY = `(retailer_id, day) = (SELECT retailer_id, day FROM sales WHERE id = ?1)`;

/**
 * Gives a sale's amount back to its outlet's day total (a void or a reversal) and counts
 * it as failed there; a reversal also takes back the day's commission. Never refused by
 * the limit: a limit lowered since the sale is raised to the new total.
 */
const releaseDay = (saleId: string, commission: boolean): InStatement => ({
  sql: `UPDATE outlet_days SET total = total - (SELECT amount FROM sales WHERE id = ?1),
          daily_limit = max(daily_limit, total - (SELECT amount FROM sales WHERE id = ?1)),
          count = count - 1, failed = failed + 1${
            commission
              ? ', commission = commission - (SELECT commission FROM sales WHERE id = ?1)'
              : ''
          }
        WHERE ${SALE_DAY}`,
  args: [saleId],
});

/** The sale, its key and its hold: money is held before the carrier is called. */
export const holdSale = (s: NewSale): InStatement[] => [
  {
    sql: `INSERT INTO sales (id, retailer_id, msisdn, amount, currency, product_id, operator, status,
            commission, channel, created_at, day, updated_at, resolve_after)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)`,
    args: [
      s.id,
      s.retailerId,
      s.msisdn,
      s.amount,
      s.currency,
      s.productId,
      s.operator,
      s.commission,
      s.channel,
      s.now,
      s.day,
      s.now,
      s.resolveAfter,
    ],
  },
  {
    sql: `INSERT INTO idempotency_keys (retailer_id, key, request_hash, sale_id, created_at)
          VALUES (?, ?, ?, ?, ?)`,
    args: [s.retailerId, s.idempotencyKey, s.requestHash, s.id, s.now],
  },
  {
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, created_at)
          VALUES (?, ?, ?, 'hold', ?, ?)`,
    args: [walletAccountId(s.retailerId), SYSTEM_ACCOUNTS.settlement, s.amount, s.id, s.now],
  },
  {
    sql: `INSERT INTO outlet_days (retailer_id, day, total, daily_limit, count, night)
          VALUES (?, ?, ?, coalesce((SELECT daily_limit FROM users WHERE id = ?), ?), 1, ?)
          ON CONFLICT (retailer_id, day) DO UPDATE
          SET total = total + excluded.total, daily_limit = excluded.daily_limit,
            count = count + 1, night = night + excluded.night`,
    args: [s.retailerId, s.day, s.amount, s.retailerId, s.dailyLimit, s.night ? 1 : 0],
  },
  // A sale is contact from the outlet (DESIGN 10 `last_seen_at`), recorded in this write.
  seen(s.retailerId, s.now),
];

/** The outlet was in touch at `now` (a sale, a login, a token refresh): `last_seen_at`. */
export const seen = (userId: string, now: number): InStatement => ({
  sql: `UPDATE users SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?`,
  args: [now, userId],
});

export interface Rejection {
  retailerId: string;
  idempotencyKey: string;
  requestHash: string;
  status: number;
  code: string;
  message: string;
  now: number;
}

/** A rejection sticks to its key (DESIGN 4): a new try needs a new key. */
export const rejectSale = (r: Rejection): InStatement[] => [
  {
    sql: `INSERT INTO idempotency_keys (retailer_id, key, request_hash, rejection_status,
            rejection_code, rejection_message, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    args: [r.retailerId, r.idempotencyKey, r.requestHash, r.status, r.code, r.message, r.now],
  },
];

const settleHold = (kind: 'post' | 'void', saleId: string, now: number): InStatement => ({
  sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, pending_id, created_at)
        SELECT debit_account_id, credit_account_id, amount, ?, sale_id, id, ?
        FROM transfers WHERE sale_id = ? AND kind = 'hold'`,
  args: [kind, now, saleId],
});

/**
 * Carrier success: post the hold and credit the commission fixed on the sale. Like the
 * void and the unknown mark, it returns the sale as it now stands (issue 13: no read back).
 */
export const postSale = (saleId: string, carrierRef: string | null, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET status = 'succeeded', carrier_ref = ?, updated_at = ? WHERE id = ? RETURNING *`,
    args: [carrierRef, now, saleId],
  },
  settleHold('post', saleId, now),
  {
    sql: `UPDATE outlet_days SET commission = commission + (SELECT commission FROM sales WHERE id = ?1)
          WHERE ${SALE_DAY}`,
    args: [saleId],
  },
  {
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, created_at)
          SELECT ?, a.id, s.commission, 'commission', s.id, ?
          FROM sales s JOIN accounts a ON a.user_id = s.retailer_id AND a.kind = 'commission'
          WHERE s.id = ? AND s.commission > 0`,
    args: [SYSTEM_ACCOUNTS.commissionPool, now, saleId],
  },
];

/**
 * Carrier failure, or the carrier never received it: release the hold. With
 * `notFoundBy`, only a sale first seen `not_found` at or before that time is voided
 * (issue 14 item 8): otherwise the status stays as it is, which the transition trigger
 * refuses, so the whole write is refused as `already_settled` and nothing moves.
 */
export const voidSale = (
  saleId: string,
  failureCode: string,
  now: number,
  notFoundBy?: number,
): InStatement[] => [
  notFoundBy === undefined
    ? {
        sql: `UPDATE sales SET status = 'failed', failure_code = ?, updated_at = ? WHERE id = ? RETURNING *`,
        args: [failureCode, now, saleId],
      }
    : {
        sql: `UPDATE sales SET status = CASE WHEN not_found_at <= ? THEN 'failed' ELSE status END,
                failure_code = ?, updated_at = ? WHERE id = ? RETURNING *`,
        args: [notFoundBy, failureCode, now, saleId],
      },
  settleHold('void', saleId, now),
  releaseDay(saleId, false),
];

/** The first `not_found` for an open sale: set once, so two runs or a crash keep the first sighting. */
export const noteNotFound = (saleId: string, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET not_found_at = ? WHERE id = ? AND not_found_at IS NULL
            AND status IN ('pending', 'unknown')`,
    args: [now, saleId],
  },
];

/** The carrier did not answer in time: never refunded on a guess, reconciliation decides. */
export const markUnknown = (saleId: string, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET status = 'unknown', updated_at = ? WHERE id = ? AND status = 'pending' RETURNING *`,
    args: [now, saleId],
  },
];

/**
 * The shop asks the carrier to reverse a succeeded sale (issue 14): recorded before the
 * carrier hears of it, so a lost answer leaves a reversal that reconciliation settles.
 */
export const askReversal = (saleId: string, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET reversal_asked_at = ? WHERE id = ? AND status = 'succeeded'`,
    args: [now, saleId],
  },
];

/**
 * The carrier refused the reversal or says the top-up stands: no reversal is waiting.
 * Only the request asked at `askedAt`: one asked again meanwhile waits for its own answer.
 */
export const cancelReversal = (saleId: string, askedAt: number): InStatement[] => [
  {
    sql: `UPDATE sales SET reversal_asked_at = NULL
          WHERE id = ? AND status = 'succeeded' AND reversal_asked_at = ?`,
    args: [saleId, askedAt],
  },
];

/** The carrier took the airtime back: new transfers that mirror the post and the commission. */
export const reverseSale = (saleId: string, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET status = 'reversed', updated_at = ? WHERE id = ?`,
    args: [now, saleId],
  },
  ...(['post', 'commission'] as const).map((kind) => ({
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, created_at)
          SELECT credit_account_id, debit_account_id, amount, ?, sale_id, ?
          FROM transfers WHERE sale_id = ? AND kind = ?`,
    args: [kind === 'post' ? 'reversal' : 'commission_reversal', now, saleId, kind],
  })),
  releaseDay(saleId, true),
];

/** An admin's funding of a wallet, idempotent by its reference (UNIQUE). */
export const fundWallet = (
  userId: string,
  amount: number,
  reference: string,
  now: number,
): InStatement[] => [
  {
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, reference, created_at)
          VALUES (?, ?, ?, 'funding', ?, ?)`,
    args: [SYSTEM_ACCOUNTS.funding, walletAccountId(userId), amount, reference, now],
  },
];

/**
 * A distributor's stock to a retailer under it: one posted transfer, idempotent by its
 * reference (UNIQUE). The wallet CHECK refuses an overdraft, the frozen trigger a frozen sender.
 */
export const stockTransfer = (
  distributorId: string,
  retailerId: string,
  amount: number,
  reference: string,
  now: number,
): InStatement[] => [
  {
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, reference, created_at)
          VALUES (?, ?, ?, 'stock', ?, ?)`,
    args: [walletAccountId(distributorId), walletAccountId(retailerId), amount, reference, now],
  },
];
