import type { Client } from '@libsql/client';

/** What the carrier says it credited, to reconcile the ledger against (optional). */
export interface CarrierRecord {
  saleId: string;
  amount: number;
  status: 'succeeded' | 'processing' | 'reversed';
}

/**
 * Checks every ledger invariant of DESIGN 3 against the database and explains each
 * violation in words; an empty list means the ledger is sound. Used by the property
 * test, the crash tests and (later) the chaos runs and an admin route.
 */
export async function checkLedger(client: Client, carrier?: CarrierRecord[]): Promise<string[]> {
  const problems: string[] = [];
  const rows = async (sql: string) => (await client.execute(sql)).rows;

  const [sums] = await rows(
    `SELECT coalesce(sum(debits_posted), 0) AS dp, coalesce(sum(credits_posted), 0) AS cp,
            coalesce(sum(debits_pending), 0) AS dq, coalesce(sum(credits_pending), 0) AS cq FROM accounts`,
  );
  if (Number(sums!.dp) !== Number(sums!.cp) || Number(sums!.dq) !== Number(sums!.cq)) {
    problems.push(
      `postings do not sum to zero: debits ${sums!.dp}/${sums!.dq}, credits ${sums!.cp}/${sums!.cq} (posted/pending)`,
    );
  }

  // Each account's balances must be exactly what its transfers say.
  for (const r of await rows(`
    WITH open_holds AS (
      SELECT h.* FROM transfers h WHERE h.kind = 'hold' AND NOT EXISTS (SELECT 1 FROM transfers s WHERE s.pending_id = h.id)
    ), posted AS (SELECT * FROM transfers WHERE kind NOT IN ('hold', 'void'))
    SELECT a.id, a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending,
      (SELECT coalesce(sum(amount), 0) FROM posted WHERE debit_account_id = a.id) AS dp,
      (SELECT coalesce(sum(amount), 0) FROM posted WHERE credit_account_id = a.id) AS cp,
      (SELECT coalesce(sum(amount), 0) FROM open_holds WHERE debit_account_id = a.id) AS dq,
      (SELECT coalesce(sum(amount), 0) FROM open_holds WHERE credit_account_id = a.id) AS cq
    FROM accounts a`)) {
    if (
      Number(r.debits_posted) !== Number(r.dp) ||
      Number(r.credits_posted) !== Number(r.cp) ||
      Number(r.debits_pending) !== Number(r.dq) ||
      Number(r.credits_pending) !== Number(r.cq)
    ) {
      problems.push(`account ${r.id} balances do not match its transfers`);
    }
  }

  for (const r of await rows(`
    SELECT id, credits_posted - debits_posted - debits_pending AS available FROM accounts
    WHERE kind = 'wallet' AND credits_posted - debits_posted - debits_pending < 0`)) {
    problems.push(`wallet ${r.id} has a negative available balance (${r.available})`);
  }

  for (const r of await rows(`
    SELECT s.id, s.status,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'hold') AS holds,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'post') AS posts,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'void') AS voids,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'commission') AS commissions,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'reversal') AS reversals,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'commission_reversal') AS commission_reversals,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'dispute_refund'
        AND t.amount = s.amount AND t.debit_account_id = 'sys:dispute_losses') AS dispute_refunds,
      (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'dispute_refund') AS any_dispute_refunds,
      (SELECT count(*) FROM disputes d WHERE d.sale_id = s.id AND d.status = 'refunded'
        AND d.refund_source = 'dispute_losses') AS losses_disputes,
      (SELECT count(*) FROM idempotency_keys k WHERE k.sale_id = s.id) AS keys,
      s.commission
    FROM sales s`)) {
    const n = (k: string) => Number(r[k]);
    const status = String(r.status);
    const open = status === 'pending' || status === 'unknown';
    const settledBy = status === 'failed' ? 'void' : open ? 'nothing' : 'post';
    const paysCommission =
      (status === 'succeeded' || status === 'reversed') && Number(r.commission) > 0;
    // Issue 12: a dispute refunded from dispute_losses pays the sale's amount back once,
    // and takes the commission back like a reversal; a sale is never refunded twice.
    const disputeRefunded = status === 'succeeded' && n('losses_disputes') > 0;
    const expected: Record<string, number> = {
      holds: 1,
      posts: settledBy === 'post' ? 1 : 0,
      voids: settledBy === 'void' ? 1 : 0,
      commissions: paysCommission ? 1 : 0,
      reversals: status === 'reversed' ? 1 : 0,
      commission_reversals: (status === 'reversed' || disputeRefunded) && paysCommission ? 1 : 0,
      dispute_refunds: disputeRefunded ? 1 : 0,
      any_dispute_refunds: disputeRefunded ? 1 : 0,
      losses_disputes: disputeRefunded ? 1 : 0,
      keys: 1,
    };
    for (const [k, want] of Object.entries(expected)) {
      if (n(k) !== want)
        problems.push(
          `sale ${r.id} (${status}) has ${n(k)} ${k.replace('_', ' ')}, expected ${want}`,
        );
    }
  }

  // The per-day aggregates (issue 9) must say what the sales of that day say.
  for (const r of await rows(`
    WITH s AS (
      SELECT retailer_id, day,
        sum(status NOT IN ('failed', 'reversed')) AS count,
        sum(CASE WHEN status NOT IN ('failed', 'reversed') THEN amount ELSE 0 END) AS total,
        sum(status IN ('failed', 'reversed')) AS failed,
        sum(CASE WHEN status = 'succeeded' AND refunded_at IS NULL THEN commission ELSE 0 END) AS commission
      FROM sales GROUP BY retailer_id, day
    )
    SELECT s.retailer_id, s.day FROM s LEFT JOIN outlet_days d USING (retailer_id, day)
    WHERE s.day IS NULL OR d.day IS NULL OR d.count <> s.count OR d.total <> s.total
      OR d.failed <> s.failed OR d.commission <> s.commission`)) {
    problems.push(`outlet_days of ${r.retailer_id} on ${r.day} do not match its sales`);
  }

  if (carrier) {
    const credited = new Map(carrier.map((c) => [c.saleId, c]));
    for (const r of await rows(`SELECT id, status, amount FROM sales`)) {
      const c = credited.get(String(r.id));
      const status = String(r.status);
      if (status === 'succeeded' && c?.status !== 'succeeded') {
        problems.push(
          `sale ${r.id} succeeded in the ledger but the carrier says ${c?.status ?? 'it never credited it'}`,
        );
      }
      if (status === 'failed' && c) {
        problems.push(
          `sale ${r.id} was refunded (failed) but the carrier credited it (${c.status})`,
        );
      }
      if (status === 'reversed' && c?.status !== 'reversed') {
        problems.push(
          `sale ${r.id} is reversed in the ledger but the carrier says ${c?.status ?? 'nothing'}`,
        );
      }
    }
  }
  return problems;
}
