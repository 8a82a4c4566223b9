import type { InStatement } from '@libsql/client';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { StockRequestBody, StockRequestStatus } from '../../core/api/stock';
import { users } from '../../db/schema';
import { auditEntry } from '../audit/entry';
import type { Caller } from '../caller';
import { money, refTail, textsFor } from '../channel/texts';
import type { Deps } from '../deps';
import { AppError, appError, notFound } from '../errors';
import { walletAccountId } from '../ledger/accounts';
import { violationOf } from '../ledger/violation';
import { kickOutbox } from '../sms/outbox';
import { findRequest, readRequest, readRequestByKey, type StockRequestView } from './request-view';

/**
 * Stock requests (DESIGN 12, issue 11), maker-checker: a retailer asks (any channel), its
 * own distributor approves or rejects. The invariants are the database's: one pending
 * request per retailer (a partial UNIQUE index), one request per (retailer, key), and a
 * decision that moves the request out of `pending` with a guarded UPDATE in the same
 * write as its transfer, its decision key, its SMS and its audit entry.
 *
 * Only the retailer's distributor decides (DESIGN 12 "the retailer's distributor
 * answers"); an admin does not approve. A retailer cannot decide at all (403 by role), so
 * nobody approves their own request.
 */

export interface RequestAnswer {
  request: StockRequestView;
  replayed: boolean;
}

const hashOf = (body: StockRequestBody) =>
  bytesToHex(sha256(utf8ToBytes(JSON.stringify([body.amount, body.note ?? null]))));

/** The stored answer of a retailer's key: its request, or 422 for another body. */
async function answerForRequestKey(deps: Deps, retailerId: string, key: string, hash: string) {
  const known = await readRequestByKey(deps, retailerId, key);
  if (!known) return undefined;
  if (known.hash !== hash)
    throw appError('idempotency_key_reused', 'This Idempotency-Key was used for another request');
  return { request: known.view, replayed: true };
}

/** POST /stock-requests, USSD menu 6 and SMS STOCK: the retailer asks its distributor. */
export async function requestStock(
  deps: Deps,
  caller: Caller,
  key: string,
  body: StockRequestBody,
): Promise<RequestAnswer> {
  const hash = hashOf(body);
  // Nobody could answer a request of an outlet without a distributor (onboarding may make one).
  const [retailer] = await deps.db
    .select({ distributorId: users.distributorId })
    .from(users)
    .where(eq(users.id, caller.id));
  if (!retailer?.distributorId) throw appError('no_distributor');
  const id = uuidv7();
  const now = deps.clock.now();
  try {
    await deps.writer.write(
      [
        {
          sql: `INSERT INTO stock_requests (id, retailer_id, idempotency_key, request_hash, amount, note,
                  status, channel, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
          args: [id, caller.id, key, hash, body.amount, body.note ?? null, caller.channel, now],
        },
      ],
      [
        auditEntry(deps, caller, 'stock_request', caller.channel, caller.id, {
          request: id,
          amount: body.amount,
          key,
        }),
      ],
    );
  } catch (error) {
    if (violationOf(error) !== 'duplicate_stock_request') throw error;
    // The key's own request first (a resend), else the one pending request is another's.
    const answer = await answerForRequestKey(deps, caller.id, key, hash);
    if (answer) return answer;
    throw appError('stock_request_pending');
  }
  return { request: (await readRequest(deps, id))!, replayed: false };
}

/** The request, if the caller (a distributor) may decide it: its retailer is under the caller. */
async function decidable(deps: Deps, caller: Caller, id: string) {
  const found = await findRequest(deps, id);
  if (!found || found.distributor_id !== caller.id || found.retailer_id === caller.id)
    throw notFound('Stock request');
  return found;
}

/**
 * The guarded UPDATE of a decision: only a pending request of a retailer under the
 * distributor moves, and it is stamped with this write's own nonce `decision`. Statements
 * after it read the request back by that nonce: a write that lost the race finds none.
 */
const decide = (
  status: Exclude<StockRequestStatus, 'pending'>,
  id: string,
  caller: Caller,
  decision: string,
  now: number,
  reason: string | null,
): InStatement => ({
  sql: `UPDATE stock_requests SET status = ?, decided_at = ?, decided_by = ?, decision = ?, reason = ?
        WHERE id = ? AND status = 'pending'
          AND retailer_id IN (SELECT id FROM users WHERE distributor_id = ? AND role = 'retailer')`,
  args: [status, now, caller.id, decision, reason, id, caller.id],
});

/**
 * The retailer's SMS, queued in the decision's write (the outbox sends it). Its number is
 * read through the decision's nonce: NOT NULL refuses the whole write when the guarded
 * UPDATE moved nothing (another approver was first).
 */
const answerSms = (id: string, decision: string, text: string, now: number): InStatement => ({
  sql: `INSERT INTO sms_messages (id, audience, to_number, body, status, created_at, updated_at)
        VALUES (?, 'outlet', (SELECT u.phone FROM stock_requests r JOIN users u ON u.id = r.retailer_id
                              WHERE r.id = ? AND r.decision = ?), ?, 'queued', ?, ?)`,
  args: [uuidv7(), id, decision, text, now, now],
});

/** The stored answer of an approver's key: the request, its sticking rejection, or 422. */
async function answerForDecisionKey(deps: Deps, caller: Caller, key: string, id: string) {
  const { rows } = await deps.client.execute({
    sql: `SELECT request_id, rejection_status, rejection_code, rejection_message
          FROM stock_decision_keys WHERE actor_id = ? AND key = ?`,
    args: [caller.id, key],
  });
  const row = rows[0];
  if (!row) return undefined;
  if (row.request_id !== id)
    throw appError('idempotency_key_reused', 'This Idempotency-Key was used for another request');
  if (row.rejection_code != null) {
    throw new AppError(
      Number(row.rejection_status) as AppError['status'],
      String(row.rejection_code),
      String(row.rejection_message),
      true,
    );
  }
  return { request: (await readRequest(deps, id))!, replayed: true };
}

/** A refusal of the approval's money sticks to its key (DESIGN 4): a new try needs a new key. */
async function stickRefusal(
  deps: Deps,
  caller: Caller,
  key: string,
  request: { id: string; retailer_id: string },
  error: AppError,
) {
  const { id } = request;
  try {
    await deps.writer.write(
      [
        {
          sql: `INSERT INTO stock_decision_keys (actor_id, key, request_id, rejection_status,
                  rejection_code, rejection_message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          args: [caller.id, key, id, error.status, error.code, error.message, deps.clock.now()],
        },
      ],
      [
        auditEntry(
          deps,
          caller,
          'stock_request_approval_refused',
          caller.channel,
          request.retailer_id,
          {
            request: id,
            key,
            code: error.code,
          },
        ),
      ],
    );
  } catch (writeError) {
    if (violationOf(writeError) !== 'duplicate_decision_key') throw writeError;
    const answer = await answerForDecisionKey(deps, caller, key, id);
    if (answer) return answer;
  }
  throw error;
}

/**
 * POST /stock-requests/:id/approve: the stock transfer (reference `stock-request:<id>`,
 * UNIQUE), the request's new status, the key, the SMS and the audit entry, one write.
 */
export async function approveStockRequest(
  deps: Deps,
  caller: Caller,
  id: string,
  key: string,
): Promise<RequestAnswer> {
  const known = await answerForDecisionKey(deps, caller, key, id);
  if (known) return known;
  const request = await decidable(deps, caller, id);
  if (request.status !== 'pending') throw appError('stock_request_decided');

  const decision = uuidv7();
  const now = deps.clock.now();
  const t = textsFor(request.locale);
  const text = t.stock.approved(refTail(id), money(request.amount, deps.config.CURRENCY));
  try {
    await deps.writer.write(
      [
        decide('approved', id, caller, decision, now, null),
        {
          sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, reference, created_at)
                VALUES (?, ?, (SELECT amount FROM stock_requests WHERE id = ? AND decision = ?), 'stock', ?, ?)`,
          args: [
            walletAccountId(caller.id),
            walletAccountId(request.retailer_id),
            id,
            decision,
            `stock-request:${id}`,
            now,
          ],
        },
        {
          sql: `INSERT INTO stock_decision_keys (actor_id, key, request_id, created_at) VALUES (?, ?, ?, ?)`,
          args: [caller.id, key, id, now],
        },
        answerSms(id, decision, text, now),
      ],
      [
        auditEntry(deps, caller, 'stock_request_approved', caller.channel, request.retailer_id, {
          request: id,
          amount: request.amount,
          key,
        }),
      ],
    );
  } catch (error) {
    const violation = violationOf(error);
    if (violation === 'insufficient_funds' || violation === 'outlet_frozen')
      return stickRefusal(deps, caller, key, request, appError(violation));
    // `duplicate_reference`: the request already has its transfer (the UNIQUE reference is a second guard).
    if (
      violation === 'stock_request_decided' ||
      violation === 'duplicate_decision_key' ||
      violation === 'duplicate_reference'
    ) {
      // The same key may have won a moment ago in another request: its answer is ours.
      const answer = await answerForDecisionKey(deps, caller, key, id);
      if (answer) return answer;
      throw appError('stock_request_decided');
    }
    throw error;
  }
  kickOutbox(deps);
  return { request: (await readRequest(deps, id))!, replayed: false };
}

/** POST /stock-requests/:id/reject { reason }: no money moves; the retailer is told why. */
export async function rejectStockRequest(
  deps: Deps,
  caller: Caller,
  id: string,
  reason: string,
): Promise<StockRequestView> {
  const request = await decidable(deps, caller, id);
  if (request.status !== 'pending') throw appError('stock_request_decided');
  const decision = uuidv7();
  const now = deps.clock.now();
  const t = textsFor(request.locale);
  const text = t.stock.rejected(refTail(id), money(request.amount, deps.config.CURRENCY), reason);
  try {
    await deps.writer.write(
      [decide('rejected', id, caller, decision, now, reason), answerSms(id, decision, text, now)],
      [
        auditEntry(deps, caller, 'stock_request_rejected', caller.channel, request.retailer_id, {
          request: id,
          reason,
        }),
      ],
    );
  } catch (error) {
    if (violationOf(error) === 'stock_request_decided') throw appError('stock_request_decided');
    throw error;
  }
  kickOutbox(deps);
  return (await readRequest(deps, id))!;
}
