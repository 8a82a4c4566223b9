import type { InStatement } from '@libsql/client';
import type { RefundSource } from '../../core/api/disputes';
import type { DisputeReason, DisputeStatus } from '../../core/api/enums';
import { SYSTEM_ACCOUNTS, walletAccountId } from '../ledger/accounts';

/**
 * The writes of a dispute (DESIGN 11, issue 12), as plain statement lists like the
 * ledger's (worker/ledger/statements.ts): each goes with its audit entry in one atomic
 * write. The schema judges them: one open dispute per sale (disputes_sale_open), a
 * status that only moves forward (disputes_status_transition), and a sale refunded at
 * most once (transfers_sale_refund, transfers_dispute_refund_succeeded).
 */

export interface Who {
  id: string | null;
  role: string;
  channel: string;
}

export interface NewDispute {
  id: string;
  saleId: string;
  retailerId: string;
  reason: DisputeReason;
  note: string | null;
  channel: string;
  idempotencyKey: string;
  requestHash: string;
  evidence: string;
  now: number;
  dueAt: number;
}

const event = (
  disputeId: string,
  status: DisputeStatus,
  who: Who,
  note: string | null,
  now: number,
): InStatement => ({
  sql: `INSERT INTO dispute_events (dispute_id, at, status, actor_id, actor_role, channel, note)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
  args: [disputeId, now, status, who.id, who.role, who.channel, note],
});

/** The dispute, its first history entry, and the sale's pointer to it. */
export const openDispute = (d: NewDispute, who: Who): InStatement[] => [
  {
    sql: `INSERT INTO disputes (id, sale_id, retailer_id, reason, status, note, channel,
            idempotency_key, request_hash, evidence, opened_at, due_at, updated_at)
          VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      d.id,
      d.saleId,
      d.retailerId,
      d.reason,
      d.note,
      d.channel,
      d.idempotencyKey,
      d.requestHash,
      d.evidence,
      d.now,
      d.dueAt,
      d.now,
    ],
  },
  event(d.id, 'open', who, d.note, d.now),
  {
    sql: `UPDATE sales SET dispute_id = ?, dispute_status = 'open' WHERE id = ?`,
    args: [d.id, d.saleId],
  },
];

export interface Move {
  disputeId: string;
  saleId: string;
  status: Exclude<DisputeStatus, 'open'>;
  note: string | null;
  now: number;
  /** Refunds only. */
  refund?: { source: RefundSource; amount: number };
}

/**
 * A status change: refused by the transition trigger when the dispute is final already
 * (a second resolution, a withdrawal after it), which refuses the whole write with it.
 */
export const moveDispute = (m: Move, who: Who): InStatement[] => {
  const final = m.status !== 'investigating';
  return [
    {
      sql: `UPDATE disputes SET status = ?, updated_at = ?, resolved_at = ?, resolved_by = ?,
              resolution_note = ?, refund_source = ?, refund_amount = ?
            WHERE id = ?`,
      args: [
        m.status,
        m.now,
        final ? m.now : null,
        final ? who.id : null,
        final ? m.note : null,
        m.refund?.source ?? null,
        m.refund?.amount ?? 0,
        m.disputeId,
      ],
    },
    event(m.disputeId, m.status, who, m.note, m.now),
    {
      sql: `UPDATE sales SET dispute_status = ?, refunded_at = coalesce(refunded_at, ?)
            WHERE id = ? AND dispute_id = ?`,
      args: [
        m.status,
        m.refund && m.refund.source !== 'void' ? m.now : null,
        m.saleId,
        m.disputeId,
      ],
    },
  ];
};

/**
 * A refund without the carrier's reversal: dispute_losses pays the sale's amount back
 * to the wallet and the commission goes back to the pool, as a reversal would take it
 * (DESIGN 3), with the day's commission. New transfers only; the trigger
 * transfers_dispute_refund_succeeded and the index transfers_sale_refund refuse it for
 * a sale that is not succeeded or was refunded already.
 */
export const refundFromLosses = (
  saleId: string,
  retailerId: string,
  now: number,
): InStatement[] => [
  {
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, created_at)
          SELECT ?, ?, amount, 'dispute_refund', id, ? FROM sales WHERE id = ?`,
    args: [SYSTEM_ACCOUNTS.disputeLosses, walletAccountId(retailerId), now, saleId],
  },
  {
    sql: `INSERT INTO transfers (debit_account_id, credit_account_id, amount, kind, sale_id, created_at)
          SELECT credit_account_id, debit_account_id, amount, 'commission_reversal', sale_id, ?
          FROM transfers WHERE sale_id = ? AND kind = 'commission'`,
    args: [now, saleId],
  },
  {
    sql: `UPDATE outlet_days SET commission = commission - (SELECT commission FROM sales WHERE id = ?1)
          WHERE (retailer_id, day) = (SELECT retailer_id, day FROM sales WHERE id = ?1)`,
    args: [saleId],
  },
];

/** The outlet's SMS that its dispute was resolved (DESIGN 11), worded now, sent by the outbox. */
export const queueOutletSms = (
  id: string,
  retailerId: string,
  body: string,
  now: number,
): InStatement => ({
  sql: `INSERT INTO sms_messages (id, audience, to_number, body, status, created_at, updated_at)
        SELECT ?, 'outlet', phone, ?, 'queued', ?, ? FROM users WHERE id = ? AND phone IS NOT NULL`,
  args: [id, body, now, now, retailerId],
});
