import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispute } from '../../core/api/disputes';
import type { ReconciliationReport } from '../../core/api/reports';
import { dayIn } from '../../core/day';
import {
  admin,
  available,
  carrierMode,
  count,
  distributor,
  type ErrorBody,
  expectLedgerSound,
  getSale,
  h,
  manager,
  northManager,
  open,
  opened,
  otherShop,
  refunds,
  resolve,
  sell,
  setUpDisputes,
  shop,
} from '../../test/support/disputes';
import { SYSTEM_ACTOR } from '../audit/entry';
import { checkLedger } from '../ledger/check';
import { getOutlet } from '../outlets/service';
import { applyReversal } from '../sales/reversal';

/**
 * Issue 12: resolving disputes over the API, and the money: a refund is new transfers
 * only, once (also when two resolve at once, or a reversal races it), and the ledger
 * check passes; withdrawal, investigation, the many_disputes flag and the report.
 */
beforeAll(setUpDisputes);
afterAll(() => h.close());

describe('resolving', () => {
  it('lets only the manager of the outlet’s region or an admin resolve, with a note', async () => {
    const dispute = await opened((await sell('0712345684')).id);
    expect((await resolve(dispute.id, { outcome: 'rejected', note: 'x' }, shop)).status).toBe(403);
    expect(
      (await resolve(dispute.id, { outcome: 'rejected', note: 'x' }, distributor)).status,
    ).toBe(403);
    expect(
      (await resolve(dispute.id, { outcome: 'rejected', note: 'x' }, northManager)).status,
    ).toBe(404);
    expect((await resolve(dispute.id, { outcome: 'rejected' })).status).toBe(400);
    expect((await resolve(dispute.id, { outcome: 'rejected', note: '  ' })).status).toBe(400);
    expect((await resolve(dispute.id, { outcome: 'lost', note: 'x' })).status).toBe(400);
    const res = await resolve(dispute.id, { outcome: 'rejected', note: 'delivered, per carrier' });
    expect(res.status).toBe(200);
    const resolved = (await res.json()) as Dispute;
    expect(resolved.status).toBe('rejected');
    expect(resolved.resolution).toMatchObject({
      outcome: 'rejected',
      by: 'u-manager',
      note: 'delivered, per carrier',
    });
    const again = await resolve(
      dispute.id,
      { outcome: 'refunded', note: 'changed my mind' },
      admin,
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.code).toBe('dispute_closed');
    await h.settled();
    const sms = await count(
      `SELECT count(*) AS n FROM sms_messages WHERE audience = 'outlet' AND to_number = '+254700000101' AND body LIKE ?`,
      `%${dispute.sale_id}%rejected%`,
    );
    expect(sms).toBe(1);
  });

  it('refunds through the carrier’s reversal when the carrier reverses: the sale is reversed, once', async () => {
    const sale = await sell('0712345685');
    const dispute = await opened(sale.id);
    const before = await available();
    const res = await resolve(dispute.id, { outcome: 'refunded', note: 'wrong number, reversed' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Dispute).resolution).toMatchObject({
      source: 'carrier_reversal',
      amount: sale.amount,
    });
    expect(await available()).toBe(before + sale.amount);
    const after = await getSale(sale.id);
    expect(after).toMatchObject({
      status: 'reversed',
      commission: 0,
      dispute: { status: 'refunded' },
    });
    expect(after.refunded_at).toEqual(expect.any(String));
    expect(await refunds(sale.id)).toBe(1);
    await expectLedgerSound();
  });

  it('refunds from dispute_losses when the carrier refuses the reversal, and the sale cannot be reversed after', async () => {
    const sale = await sell('0712345686');
    const dispute = await opened(sale.id);
    const before = await available();
    carrierMode.refuseReversals = true;
    try {
      const res = await resolve(
        dispute.id,
        { outcome: 'refunded', note: 'carrier refused' },
        admin,
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as Dispute).resolution).toMatchObject({
        source: 'dispute_losses',
        amount: sale.amount,
      });
    } finally {
      carrierMode.refuseReversals = false;
    }
    expect(await available()).toBe(before + sale.amount);
    const after = await getSale(sale.id);
    expect(after).toMatchObject({ status: 'succeeded', commission: 0 });
    expect(after.refunded_at).toEqual(expect.any(String));
    const losses = await h.database.client.execute(
      `SELECT debits_posted FROM accounts WHERE id = 'sys:dispute_losses'`,
    );
    expect(Number(losses.rows[0]!.debits_posted)).toBeGreaterThanOrEqual(sale.amount);
    const reversal = await h.call('POST', `/api/v1/sales/${sale.id}/reversal`, { token: shop });
    expect(reversal.status).toBe(422);
    // Its receipt says it was refunded (the airtime was delivered, so it still has one).
    const receipt = await h.call('POST', `/api/v1/sales/${sale.id}/receipt-sms`, { token: shop });
    expect(receipt.status).toBe(200);
    expect(((await receipt.json()) as { text: string }).text).toMatch(/ REFUNDED\.$/);
    expect(await refunds(sale.id)).toBe(1);
    // A new dispute on a refunded sale is refused: it cannot be refunded twice.
    expect((await open(sale.id, { reason: 'other' })).status).toBe(422);
    await expectLedgerSound();
  });
});

describe('refund races (issue 12): exactly one refund, and the ledger check passes', () => {
  it('two staff resolving at once: one refunds, the other gets 409', async () => {
    const sale = await sell('0712345687');
    const dispute = await opened(sale.id);
    const answers = await Promise.all([
      resolve(dispute.id, { outcome: 'refunded', note: 'manager' }),
      resolve(dispute.id, { outcome: 'refunded', note: 'admin' }, admin),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await refunds(sale.id)).toBe(1);
    await expectLedgerSound();
  });

  it('two staff resolving at once from dispute_losses: one refund', async () => {
    const sale = await sell('0712345688');
    const dispute = await opened(sale.id);
    carrierMode.refuseReversals = true;
    try {
      const answers = await Promise.all([
        resolve(dispute.id, { outcome: 'refunded', note: 'manager' }),
        resolve(dispute.id, { outcome: 'refunded', note: 'admin' }, admin),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    } finally {
      carrierMode.refuseReversals = false;
    }
    expect(await refunds(sale.id)).toBe(1);
    await expectLedgerSound();
  });

  it('a resolution racing the shop’s reversal: one refund, and the dispute is refunded', async () => {
    const sale = await sell('0712345689');
    const dispute = await opened(sale.id);
    const before = await available();
    const [resolved, reversed] = await Promise.all([
      resolve(dispute.id, { outcome: 'refunded', note: 'race' }),
      h.call('POST', `/api/v1/sales/${sale.id}/reversal`, { token: shop }),
    ]);
    expect(resolved.status).toBe(200);
    expect(reversed.status).toBe(200);
    expect(((await resolved.json()) as Dispute).status).toBe('refunded');
    expect(await refunds(sale.id)).toBe(1);
    expect(await available()).toBe(before + sale.amount);
    await expectLedgerSound();
  });
});

describe('a refund from dispute_losses racing the carrier’s reversal (reconciliation’s write)', () => {
  it('lets one of them through, whichever wins: one refund, and the ledger check passes', async () => {
    const sale = await sell('0712345692');
    const dispute = await opened(sale.id);
    const before = await available();
    carrierMode.refuseReversals = true;
    let answers: [Response, boolean];
    try {
      answers = await Promise.all([
        resolve(dispute.id, { outcome: 'refunded', note: 'race with reconciliation' }),
        // What reconciliation writes when the carrier's status says `reversed` (issue 14).
        applyReversal(
          h.deps,
          { id: sale.id, amount: sale.amount, askedAt: h.clock.now() },
          { action: 'reverse' },
          { actor: SYSTEM_ACTOR, channel: 'system' },
        ),
      ]);
    } finally {
      carrierMode.refuseReversals = false;
    }
    const [resolved, reversed] = answers;
    expect(resolved.status).toBe(200);
    const after = (await resolved.json()) as Dispute;
    expect(after.status).toBe('refunded');
    // The reversal won: the refund is its money and nothing new moved; else dispute_losses paid.
    expect(after.resolution?.source).toBe(reversed ? 'carrier_reversal' : 'dispute_losses');
    expect(await refunds(sale.id)).toBe(1);
    expect(await available()).toBe(before + sale.amount);
    await h.settled();
    expect(await checkLedger(h.database.client)).toEqual([]);
  });
});

describe('withdrawing and investigating', () => {
  it('lets the shop withdraw its own open dispute once', async () => {
    const dispute = await opened((await sell('0712345690')).id);
    const path = `/api/v1/disputes/${dispute.id}/withdraw`;
    expect((await h.call('POST', path, { token: otherShop, body: {} })).status).toBe(404);
    expect((await h.call('POST', path, { token: manager, body: {} })).status).toBe(403);
    const res = await h.call('POST', path, { token: shop, body: { note: 'customer found it' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Dispute).status).toBe('withdrawn');
    expect((await h.call('POST', path, { token: shop, body: {} })).status).toBe(409);
    expect((await resolve(dispute.id, { outcome: 'refunded', note: 'late' })).status).toBe(409);
  });

  it('moves a dispute to investigating when a manager picks it up; again is no change', async () => {
    const dispute = await opened((await sell('0712345691')).id);
    const path = `/api/v1/disputes/${dispute.id}/investigate`;
    expect((await h.call('POST', path, { token: shop, body: {} })).status).toBe(403);
    expect((await h.call('POST', path, { token: northManager, body: {} })).status).toBe(404);
    const first = (await (
      await h.call('POST', path, { token: manager, body: {} })
    ).json()) as Dispute;
    expect(first.status).toBe('investigating');
    const again = await h.call('POST', path, { token: admin, body: {} });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Dispute).history.map((e) => e.status)).toEqual([
      'open',
      'investigating',
    ]);
    const res = await resolve(dispute.id, { outcome: 'rejected', note: 'checked' });
    expect(((await res.json()) as Dispute).history.map((e) => e.status)).toEqual([
      'open',
      'investigating',
      'rejected',
    ]);
  });
});

describe('many_disputes and the reconciliation report', () => {
  it('raises many_disputes at 3 disputes opened in 30 days, naming the count', async () => {
    const flags = async (id: string) =>
      (await getOutlet(h.deps, { id: 'u-admin', role: 'admin' }, id)).flags;
    expect((await flags('u-ret-102')).map((f) => f.code)).not.toContain('many_disputes');
    const many = (await flags('u-ret-101')).find((f) => f.code === 'many_disputes');
    const opened = await count(
      `SELECT count(*) AS n FROM disputes WHERE retailer_id = 'u-ret-101'`,
    );
    expect(opened).toBeGreaterThanOrEqual(3);
    expect(many?.reason).toBe(`${opened} disputes opened in the last 30 days`);
  });

  it('counts the day’s disputes by reason and outcome, and what dispute_losses paid', async () => {
    const day = dayIn(h.clock.now(), h.config.TIMEZONE);
    const res = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`, { token: admin });
    expect(res.status).toBe(200);
    const { disputes } = (await res.json()) as ReconciliationReport;
    const rows = await h.database.client.execute(
      `SELECT reason, status, refund_source, refund_amount FROM disputes`,
    );
    const of = (k: 'reason' | 'status', v: string) => rows.rows.filter((r) => r[k] === v).length;
    expect(disputes.opened).toBe(rows.rows.length);
    expect(disputes.by_reason.wrong_number).toBe(of('reason', 'wrong_number'));
    expect(disputes.by_reason.not_received).toBe(of('reason', 'not_received'));
    expect(disputes.by_outcome.refunded).toBe(of('status', 'refunded'));
    expect(disputes.by_outcome.rejected).toBe(of('status', 'rejected'));
    expect(disputes.resolved.withdrawn).toBe(of('status', 'withdrawn'));
    const losses = rows.rows.filter((r) => r.refund_source === 'dispute_losses');
    expect(disputes.refunded_from_dispute_losses).toEqual({
      count: losses.length,
      total: losses.reduce((t, r) => t + Number(r.refund_amount), 0),
    });
    expect(disputes.refunded_from_dispute_losses.count).toBeGreaterThan(0);
    const north = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`, {
      token: northManager,
    });
    expect(((await north.json()) as ReconciliationReport).disputes.opened).toBe(0);
    const csv = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}&format=csv`, {
      token: admin,
    });
    expect(await csv.text()).toContain('dispute_losses_refunded');
  });
});
