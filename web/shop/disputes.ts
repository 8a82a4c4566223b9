import type { SendError } from '../shared/outbox/retry';
import type { Dispute, DisputeReason, DisputeStatus } from '../shared/types';
import type { Entry } from './history';
import type { QueuedDispute } from './outbox/disputes';

/**
 * The shop's disputes as its list shows them (DESIGN 11, issue 12): the server's, and
 * the ones this phone still holds (queued, being sent, or refused), in one list.
 */

/** A dispute's status on the server, or on this phone before the server has it. */
export type DisputeDisplayStatus = 'queued' | 'sending' | 'refused' | DisputeStatus;

export interface DisputeRow {
  /** The dispute's id once the server has it, else its outbox key. */
  ref: string;
  key?: string | undefined;
  disputeId?: string | undefined;
  saleId: string;
  msisdn?: string | undefined;
  reason: DisputeReason;
  note?: string | null | undefined;
  status: DisputeDisplayStatus;
  openedAt: number;
  dueAt?: number | undefined;
  /** Why the server refused it (a refused item), in its own words. */
  error?: SendError | undefined;
}

const fromServer = (d: Dispute, key?: string): DisputeRow => ({
  ref: d.id,
  key,
  disputeId: d.id,
  saleId: d.sale_id,
  msisdn: d.evidence.sale.msisdn,
  reason: d.reason,
  note: d.note,
  status: d.status,
  openedAt: Date.parse(d.opened_at),
  dueAt: Date.parse(d.due_at),
});

function localStatus(item: QueuedDispute, sending: boolean): DisputeDisplayStatus {
  if (item.state === 'failed') return 'refused';
  return sending ? 'sending' : 'queued';
}

/** Newest first; a sent item shows as the server's dispute, its freshest copy. */
export function disputeRows(
  known: readonly Dispute[],
  items: readonly QueuedDispute[],
  sending: ReadonlySet<string>,
): DisputeRow[] {
  const byId = new Map(known.map((d) => [d.id, d]));
  const local = new Map<string, QueuedDispute>();
  const rows: DisputeRow[] = [];
  for (const item of items) {
    if (item.state === 'sent' && item.dispute) {
      local.set(item.dispute.id, item);
      if (!byId.has(item.dispute.id)) byId.set(item.dispute.id, item.dispute);
      continue;
    }
    rows.push({
      ref: item.key,
      key: item.key,
      saleId: item.saleId,
      msisdn: item.msisdn,
      reason: item.reason,
      note: item.note,
      status: localStatus(item, sending.has(item.key)),
      openedAt: item.createdAt,
      error: item.lastError,
    });
  }
  for (const d of byId.values()) {
    rows.push(fromServer(d, local.get(d.id)?.key));
  }
  return rows.sort((a, b) => b.openedAt - a.openedAt || b.ref.localeCompare(a.ref));
}

/** Statuses in which a sale's dispute is still being decided: no second one (409 dispute_open). */
const OPEN: ReadonlySet<DisputeDisplayStatus> = new Set([
  'queued',
  'sending',
  'open',
  'investigating',
]);

export const isOpen = (row: Pick<DisputeRow, 'status'>): boolean => OPEN.has(row.status);

/** The sale's dispute still being decided (or waiting to be sent), if there is one. */
export const openDisputeOf = (
  rows: readonly DisputeRow[],
  saleId: string,
): DisputeRow | undefined => rows.find((row) => row.saleId === saleId && isOpen(row));

/** The sale's disputes, newest first. */
export const disputesOf = (rows: readonly DisputeRow[], saleId: string): DisputeRow[] =>
  rows.filter((row) => row.saleId === saleId);

/**
 * Whether the shopkeeper may dispute a sale: the server has it (a dispute names its id),
 * it is settled (the server refuses a pending or unknown one: sale_not_disputable), and
 * its money is still out: a failed or reversed sale, or one already refunded, has
 * nothing to give back.
 */
export const canDispute = (entry: Entry): boolean =>
  entry.saleId !== undefined && !entry.refunded && entry.status === 'succeeded';
