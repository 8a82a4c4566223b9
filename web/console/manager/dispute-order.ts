import type { Dispute } from '../../../core/api/disputes';
import { DISPUTE_OPEN_STATUSES } from '../../../core/api/enums';

/**
 * The order of the manager's disputes queue (DESIGN 11: "past `due_at` the dispute is
 * overdue and the outlet's manager sees it first"): overdue ones first, the longest
 * overdue at the top; then the other unresolved ones by how soon they fall due; then the
 * resolved ones, newest first.
 */

/** What the order reads of a dispute. */
export type Dated = Pick<Dispute, 'id' | 'status' | 'opened_at' | 'due_at'>;

/** Statuses a person still has to act on (DESIGN 11: open -> investigating -> ...). */
const UNRESOLVED: ReadonlySet<string> = new Set(DISPUTE_OPEN_STATUSES);

export const isUnresolved = (dispute: Pick<Dated, 'status'>): boolean =>
  UNRESOLVED.has(dispute.status);

export const isOverdue = (dispute: Pick<Dated, 'status' | 'due_at'>, now: number): boolean =>
  isUnresolved(dispute) && Date.parse(dispute.due_at) <= now;

/** 0 overdue, 1 unresolved, 2 resolved. */
const rank = (dispute: Dated, now: number): number =>
  isOverdue(dispute, now) ? 0 : isUnresolved(dispute) ? 1 : 2;

export function queueOrder<T extends Dated>(disputes: readonly T[], now: number): T[] {
  return [...disputes].sort((a, b) => {
    const byRank = rank(a, now) - rank(b, now);
    if (byRank !== 0) return byRank;
    const byTime =
      rank(a, now) === 2
        ? Date.parse(b.opened_at) - Date.parse(a.opened_at)
        : Date.parse(a.due_at) - Date.parse(b.due_at);
    return byTime || a.id.localeCompare(b.id);
  });
}
