import type { InStatement } from '@libsql/client';
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
}

/** The outlet's UTC day of a time in epoch ms, computed by SQL on both sides of a sale. */
const DAY = `strftime('%Y-%m-%d', ? / 1000, 'unixepoch')`;

/**
 * Gives a sale's amount back to its outlet's day total (a void or a reversal). Never
 * refused by the limit: a limit lowered since the sale is raised to the new total.
 */
const releaseDay = (saleId: string): InStatement => ({
  sql: `UPDATE outlet_days SET total = total - (SELECT amount FROM sales WHERE id = ?1),
          daily_limit = max(daily_limit, total - (SELECT amount FROM sales WHERE id = ?1))
        WHERE (retailer_id, day) = (
          SELECT retailer_id, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') FROM sales WHERE id = ?1)`,
  args: [saleId],
});

/** The sale, its key and its hold: money is held before the carrier is called. */
export const holdSale = (s: NewSale): InStatement[] => [
  {
    sql: `INSERT INTO sales (id, retailer_id, msisdn, amount, currency, product_id, operator, status,
            commission, channel, created_at, updated_at, resolve_after)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
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
    sql: `INSERT INTO outlet_days (retailer_id, day, total, daily_limit) VALUES (?, ${DAY}, ?,
            coalesce((SELECT daily_limit FROM users WHERE id = ?), ?))
          ON CONFLICT (retailer_id, day) DO UPDATE
          SET total = total + excluded.total, daily_limit = excluded.daily_limit`,
    args: [s.retailerId, s.now, s.amount, s.retailerId, s.dailyLimit],
  },
];

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
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, created_at)
          SELECT ?, a.id, s.commission, 'commission', s.id, ?
          FROM sales s JOIN accounts a ON a.user_id = s.retailer_id AND a.kind = 'commission'
          WHERE s.id = ? AND s.commission > 0`,
    args: [SYSTEM_ACCOUNTS.commissionPool, now, saleId],
  },
];

/** Carrier failure, or the carrier never received it: release the hold. */
export const voidSale = (saleId: string, failureCode: string, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET status = 'failed', failure_code = ?, updated_at = ? WHERE id = ? RETURNING *`,
    args: [failureCode, now, saleId],
  },
  settleHold('void', saleId, now),
  releaseDay(saleId),
];

/** The carrier did not answer in time: never refunded on a guess, reconciliation decides. */
export const markUnknown = (saleId: string, now: number): InStatement[] => [
  {
    sql: `UPDATE sales SET status = 'unknown', updated_at = ? WHERE id = ? AND status = 'pending' RETURNING *`,
    args: [now, saleId],
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
  releaseDay(saleId),
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
