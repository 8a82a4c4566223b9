import type { InStatement } from '@libsql/client';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Dispute, DisputeQuery, DisputeRequest } from '../../core/api/disputes';
import { DISPUTE_OPEN_STATUSES } from '../../core/api/enums';
import { disputeEvents, disputes, users } from '../../db/schema';
import type { AuditEntry } from '../audit/chain';
import { auditEntry } from '../audit/entry';
import { scopeFilter } from '../auth/scope';
import type { Caller } from '../caller';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { violationOf } from '../ledger/violation';
import { type SaleRow, saleRowOf } from '../sales/view';
import { kickOutbox } from '../sms/outbox';
import { carrierNeverCredited, evidenceOf } from './evidence';
import { refundStatements } from './refund';
import { openDispute as openStatements, type Who } from './statements';
import { type DisputeRow, disputeView } from './view';

/** DESIGN 11: a dispute is due 48 hours after it opens. */
export const DISPUTE_DUE_MS = 48 * 3_600_000;

export interface DisputeAnswer {
  dispute: Dispute;
  replayed: boolean;
}

export const whoOf = (caller: Caller): Who => ({
  id: caller.id,
  role: caller.role,
  channel: caller.channel,
});
export const SYSTEM_WHO: Who = { id: null, role: 'system', channel: 'system' };

const isOpen = (status: string) => (DISPUTE_OPEN_STATUSES as readonly string[]).includes(status);

/** Which outlets' disputes the caller sees (DESIGN 11): its own, its retailers', its region's, all. */
async function scopeOf(deps: Deps, caller: Pick<Caller, 'id' | 'role'>): Promise<SQL | undefined> {
  if (caller.role === 'retailer') return eq(disputes.retailerId, caller.id);
  return scopeFilter(deps, caller);
}

async function views(deps: Deps, rows: { d: DisputeRow; name: string }[]): Promise<Dispute[]> {
  if (rows.length === 0) return [];
  const events = await deps.db
    .select()
    .from(disputeEvents)
    .where(
      inArray(
        disputeEvents.disputeId,
        rows.map((r) => r.d.id),
      ),
    )
    .orderBy(asc(disputeEvents.id));
  const now = deps.clock.now();
  return rows.map((r) =>
    disputeView(
      r.d,
      r.name,
      events.filter((e) => e.disputeId === r.d.id),
      now,
    ),
  );
}

/** The dispute `id` if it is in the caller's scope, else 404 (DESIGN 7: it does not tell what exists). */
export async function disputeInScope(deps: Deps, caller: Pick<Caller, 'id' | 'role'>, id: string) {
  const [row] = await deps.db
    .select({ d: disputes, name: users.name })
    .from(disputes)
    .innerJoin(users, eq(users.id, disputes.retailerId))
    .where(and(eq(disputes.id, id), await scopeOf(deps, caller)));
  if (!row) throw notFound('Dispute');
  return row;
}

export async function getDispute(deps: Deps, caller: Pick<Caller, 'id' | 'role'>, id: string) {
  const [view] = await views(deps, [await disputeInScope(deps, caller, id)]);
  return view!;
}

/** GET /api/v1/disputes: open ones first, earliest due (so overdue) first; then final ones, newest first. */
export async function listDisputes(
  deps: Deps,
  caller: Pick<Caller, 'id' | 'role'>,
  q: DisputeQuery,
) {
  const offset = Number(q.cursor ?? 0);
  const rows = await deps.db
    .select({ d: disputes, name: users.name })
    .from(disputes)
    .innerJoin(users, eq(users.id, disputes.retailerId))
    .where(
      and(
        await scopeOf(deps, caller),
        q.status ? eq(disputes.status, q.status) : undefined,
        q.outlet_id ? eq(disputes.retailerId, q.outlet_id) : undefined,
        q.sale_id ? eq(disputes.saleId, q.sale_id) : undefined,
      ),
    )
    .orderBy(
      sql`CASE WHEN ${disputes.status} IN ('open', 'investigating') THEN 0 ELSE 1 END`,
      sql`CASE WHEN ${disputes.status} IN ('open', 'investigating') THEN ${disputes.dueAt} ELSE -${disputes.openedAt} END`,
      asc(disputes.id),
    )
    .limit(q.limit)
    .offset(offset);
  return {
    items: await views(deps, rows),
    next_cursor: rows.length === q.limit ? String(offset + rows.length) : null,
  };
}

/** The stored answer of a used key (DESIGN 4's rule, for disputes), or 422 for another body. */
async function answerForKey(deps: Deps, caller: Caller, key: string, requestHash: string) {
  const [row] = await deps.db
    .select({ id: disputes.id, requestHash: disputes.requestHash })
    .from(disputes)
    .where(and(eq(disputes.retailerId, caller.id), eq(disputes.idempotencyKey, key)));
  if (!row) return undefined;
  if (row.requestHash !== requestHash)
    throw appError('idempotency_key_reused', 'This Idempotency-Key was used for another dispute');
  return { dispute: await getDispute(deps, caller, row.id), replayed: true };
}

async function ownSale(deps: Deps, retailerId: string, saleId: string): Promise<SaleRow> {
  const { rows } = await deps.client.execute({
    sql: 'SELECT * FROM sales WHERE id = ? AND retailer_id = ?',
    args: [saleId, retailerId],
  });
  if (!rows[0]) throw notFound('Sale');
  return saleRowOf(rows[0]);
}

/**
 * POST /api/v1/sales/:id/disputes (DESIGN 11), also USSD menu 5 and SMS `DISPUTE`. Asks
 * the carrier for the sale's status, then one atomic write: the dispute, its history and
 * audit entry, and, for a `not_received` sale the carrier never credited, its refund at
 * once. A pending or unknown sale, or one refunded already, cannot be disputed (422).
 */
export async function openDispute(
  deps: Deps,
  caller: Caller,
  saleId: string,
  key: string,
  request: DisputeRequest,
): Promise<DisputeAnswer> {
  const note = request.note?.trim() || null;
  const requestHash = bytesToHex(
    sha256(utf8ToBytes(JSON.stringify([saleId, request.reason, note]))),
  );
  const stored = await answerForKey(deps, caller, key, requestHash);
  if (stored) return stored;

  const sale = await ownSale(deps, caller.id, saleId);
  // Money held is not refundable yet; a sale a dispute refunded is never disputed again.
  const refunded = sale.refundedAt !== null || sale.disputeStatus === 'refunded';
  if (sale.status === 'pending' || sale.status === 'unknown' || refunded)
    throw appError('sale_not_disputable');
  if (sale.disputeStatus !== null && isOpen(sale.disputeStatus)) throw appError('dispute_open');
  const evidence = await evidenceOf(deps, sale);
  const now = deps.clock.now();
  const id = uuidv7();
  const opening = openStatements(
    {
      id,
      saleId,
      retailerId: caller.id,
      reason: request.reason,
      note,
      channel: caller.channel,
      idempotencyKey: key,
      requestHash,
      evidence: JSON.stringify(evidence),
      now,
      dueAt: now + DISPUTE_DUE_MS,
    },
    whoOf(caller),
  );
  const audit: AuditEntry[] = [
    auditEntry(deps, caller, 'dispute_open', caller.channel, caller.id, {
      dispute_id: id,
      sale_id: saleId,
      reason: request.reason,
      carrier_status: evidence.carrier.status,
    }),
  ];
  const auto =
    request.reason === 'not_received' &&
    carrierNeverCredited(evidence) &&
    (sale.status === 'succeeded' || sale.status === 'failed');
  let refund: { statements: InStatement[]; audit: AuditEntry[] } | undefined;
  if (auto) {
    const { rows } = await deps.client.execute({
      sql: 'SELECT locale FROM users WHERE id = ?',
      args: [caller.id],
    });
    refund = refundStatements(deps, { id, saleId, retailerId: caller.id }, sale, SYSTEM_WHO, {
      note: 'The carrier says it never credited this sale',
      source: sale.status === 'failed' ? 'void' : 'dispute_losses',
      outletLocale: (rows[0]?.locale as string | null | undefined) ?? null,
    });
  }
  const write = (statements: InStatement[], entries: AuditEntry[]) =>
    deps.writer.write(statements, entries);
  try {
    try {
      await write(
        [...opening, ...(refund?.statements ?? [])],
        [...audit, ...(refund?.audit ?? [])],
      );
    } catch (error) {
      // The automatic refund lost a race to a reversal: the dispute still opens, for a person.
      if (!refund || violationOf(error) !== 'already_settled') throw error;
      refund = undefined;
      await write(opening, audit);
    }
  } catch (error) {
    const violation = violationOf(error);
    if (violation === 'dispute_open' || violation === 'duplicate_dispute_key') {
      // The same key arrived twice at once (an outbox resend): the first write's answer.
      const answer = await answerForKey(deps, caller, key, requestHash);
      if (answer) return answer;
      if (violation === 'dispute_open') throw appError('dispute_open');
    }
    throw error;
  }
  if (refund) kickOutbox(deps);
  return { dispute: await getDispute(deps, caller, id), replayed: false };
}
