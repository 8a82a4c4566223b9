import type { RefundSource, ResolveRequest } from '../../core/api/disputes';
import { auditEntry } from '../audit/entry';
import type { Caller } from '../caller';
import { CarrierTimeoutError } from '../carrier/gateway';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { askReversal, cancelReversal } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { reversalSettlementOf } from '../sales/outcome';
import { type SaleRow, saleRowOf } from '../sales/view';
import { kickOutbox } from '../sms/outbox';
import { type DisputeRef, finalStatements } from './refund';
import { disputeInScope, getDispute, whoOf } from './service';
import { moveDispute } from './statements';

const FINAL = new Set(['refunded', 'rejected', 'withdrawn']);

async function saleOf(deps: Deps, saleId: string): Promise<SaleRow> {
  const { rows } = await deps.client.execute({
    sql: 'SELECT * FROM sales WHERE id = ?',
    args: [saleId],
  });
  return saleRowOf(rows[0]!);
}

async function localeOf(deps: Deps, userId: string): Promise<string | null> {
  const { rows } = await deps.client.execute({
    sql: 'SELECT locale FROM users WHERE id = ?',
    args: [userId],
  });
  return (rows[0]?.locale as string | null | undefined) ?? null;
}

/**
 * Where a refund of `sale` comes from (DESIGN 11): nothing new for a sale whose money is
 * back already (voided, or reversed by the carrier); for a succeeded sale the carrier's
 * reversal when the carrier reverses, else dispute_losses. The reversal is recorded
 * before the carrier hears of it (issue 14), so a lost answer is reconciliation's; a
 * carrier that does not answer or answers nothing final refunds nothing (503).
 */
async function refundPlan(
  deps: Deps,
  sale: SaleRow,
): Promise<{ source: RefundSource; cancel?: number }> {
  if (sale.status === 'pending' || sale.status === 'unknown') throw appError('sale_pending');
  if (sale.status === 'failed') return { source: 'void' };
  if (sale.status === 'reversed') return { source: 'carrier_reversal' };
  const askedAt = deps.clock.now();
  await deps.writer.write(askReversal(sale.id, askedAt));
  let settlement: ReturnType<typeof reversalSettlementOf>;
  try {
    settlement = reversalSettlementOf(
      await deps.carrier.reverse(sale.id, deps.config.CARRIER_TIMEOUT_MS),
    );
  } catch (error) {
    if (!(error instanceof CarrierTimeoutError)) throw error;
    throw appError(
      'carrier_unavailable',
      'The carrier did not answer the reversal; try again (nothing was refunded)',
    );
  }
  if (settlement.action === 'reverse') return { source: 'carrier_reversal' };
  if (settlement.action === 'cancel') return { source: 'dispute_losses', cancel: askedAt };
  throw appError('carrier_unavailable', 'The carrier has not settled the reversal yet; try again');
}

/**
 * POST /api/v1/disputes/:id/resolve (DESIGN 11): the manager of the outlet's region or an
 * admin refunds or rejects, with a note. One atomic write holds the new status, its
 * history and audit entry, the refund's new transfers and the outlet's SMS. Two
 * resolutions at once: the transition trigger lets one through, the other is 409. A
 * reversal that got in first: the refund comes from it, and nothing moves again.
 */
export async function resolveDispute(
  deps: Deps,
  caller: Caller,
  id: string,
  request: ResolveRequest,
) {
  const { d } = await disputeInScope(deps, caller, id);
  if (FINAL.has(d.status)) throw appError('dispute_closed');
  const ref: DisputeRef = { id: d.id, saleId: d.saleId, retailerId: d.retailerId };
  const outletLocale = await localeOf(deps, d.retailerId);
  const note = request.note.trim();
  for (let attempt = 0; ; attempt++) {
    const sale = await saleOf(deps, d.saleId);
    const plan = request.outcome === 'refunded' ? await refundPlan(deps, sale) : undefined;
    const { statements, audit } = finalStatements(deps, ref, sale, whoOf(caller), request.outcome, {
      note,
      ...(plan ? { source: plan.source } : {}),
      outletLocale,
    });
    if (plan?.cancel !== undefined) statements.push(...cancelReversal(sale.id, plan.cancel));
    try {
      await deps.writer.write(statements, audit);
      break;
    } catch (error) {
      const violation = violationOf(error);
      if (violation === 'dispute_closed') throw appError('dispute_closed');
      // The sale moved since it was read (a reversal won): plan again, once.
      if (violation !== 'already_settled' || attempt > 0) throw error;
    }
  }
  kickOutbox(deps);
  return getDispute(deps, caller, id);
}

/** A status change that moves no money: withdraw (the shop) or investigate (staff). */
async function move(
  deps: Deps,
  caller: Caller,
  id: string,
  status: 'withdrawn' | 'investigating',
  note: string | null,
) {
  const { d } = await disputeInScope(deps, caller, id);
  if (status === 'investigating' && d.status === 'investigating')
    return getDispute(deps, caller, id);
  if (FINAL.has(d.status)) throw appError('dispute_closed');
  const now = deps.clock.now();
  try {
    await deps.writer.write(
      moveDispute({ disputeId: d.id, saleId: d.saleId, status, note, now }, whoOf(caller)),
      [
        auditEntry(deps, caller, `dispute_${status}`, caller.channel, d.retailerId, {
          dispute_id: d.id,
          sale_id: d.saleId,
        }),
      ],
    );
  } catch (error) {
    if (violationOf(error) !== 'dispute_closed') throw error;
    // Two staff picked it up at once: it is being investigated, as asked.
    const now = await getDispute(deps, caller, id);
    if (status === 'investigating' && now.status === 'investigating') return now;
    throw appError('dispute_closed');
  }
  return getDispute(deps, caller, id);
}

/** POST /api/v1/disputes/:id/withdraw: the shop takes its dispute back (DESIGN 11). */
export const withdrawDispute = (deps: Deps, caller: Caller, id: string, note?: string) =>
  move(deps, caller, id, 'withdrawn', note?.trim() || null);

/** POST /api/v1/disputes/:id/investigate: a manager or admin picks it up (open -> investigating). */
export const investigateDispute = (deps: Deps, caller: Caller, id: string, note?: string) =>
  move(deps, caller, id, 'investigating', note?.trim() || null);
