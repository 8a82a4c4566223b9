// Types only: a value import of core/api's zod schemas here would build them before
// @hono/zod-openapi extends zod, and the routes' .openapi() names would be missing.
import type { Dispute, DisputeEvent, DisputeEvidence } from '../../core/api/disputes';
import type { disputeEvents, disputes } from '../../db/schema';

export type DisputeRow = typeof disputes.$inferSelect;
export type EventRow = typeof disputeEvents.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

const eventView = (e: EventRow): DisputeEvent => ({
  at: iso(e.at),
  status: e.status,
  actor_id: e.actorId,
  actor_role: e.actorRole,
  channel: e.channel,
  note: e.note,
});

/** A dispute as the API shows it (DESIGN 11); `now` decides `overdue`. */
export function disputeView(
  row: DisputeRow,
  outletName: string,
  events: EventRow[],
  now: number,
): Dispute {
  const final = row.status !== 'open' && row.status !== 'investigating';
  return {
    id: row.id,
    sale_id: row.saleId,
    outlet_id: row.retailerId,
    outlet_name: outletName,
    reason: row.reason,
    status: row.status,
    note: row.note,
    channel: row.channel,
    opened_at: iso(row.openedAt),
    due_at: iso(row.dueAt),
    overdue: !final && now > row.dueAt,
    // Written by this service alone (./evidence.ts), in the dispute's own write.
    evidence: JSON.parse(row.evidence) as DisputeEvidence,
    history: events.map(eventView),
    resolution:
      final && row.resolvedAt !== null
        ? {
            outcome: row.status as 'refunded' | 'rejected' | 'withdrawn',
            at: iso(row.resolvedAt),
            by: row.resolvedBy,
            note: row.resolutionNote,
            source: row.refundSource,
            amount: row.refundAmount,
          }
        : null,
  };
}
