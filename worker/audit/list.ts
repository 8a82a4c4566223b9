import { and, desc, eq, lt, or } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import type { Deps } from '../deps';

export interface AuditFilter {
  actor_id?: string;
  action?: string;
  subject?: string;
}

type Stored = typeof auditLog.$inferSelect;

/** The stored detail as JSON; a row edited into something that is not JSON shows as it is. */
function parsedDetail(detail: string): unknown {
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

const entryView = (row: Stored) => ({
  seq: row.seq,
  at: new Date(row.at).toISOString(),
  actor_id: row.actorId,
  actor_role: row.actorRole,
  action: row.action,
  channel: row.channel,
  subject: row.subject,
  detail: parsedDetail(row.detail),
  prev_hash: row.prevHash,
  hash: row.hash,
});

/** Audit entries, newest first; `cursor` is the last seq of the previous page. */
export async function listAudit(deps: Deps, filter: AuditFilter, limit: number, cursor?: number) {
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(
      and(
        cursor === undefined ? undefined : lt(auditLog.seq, cursor),
        filter.actor_id === undefined ? undefined : eq(auditLog.actorId, filter.actor_id),
        filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
        filter.subject === undefined ? undefined : eq(auditLog.subject, filter.subject),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
  return {
    items: rows.map(entryView),
    next_cursor: rows.length === limit ? String(rows[rows.length - 1]!.seq) : null,
  };
}

/**
 * One outlet's trail (DESIGN 10 "Outlet detail"): what it did (its logins, sales) and
 * what was done to it (freezes, unlocks, limits, visits), newest first.
 */
export async function listAuditOf(deps: Deps, userId: string, limit: number, cursor?: number) {
  const rows = await auditOfQuery(deps, userId, limit, cursor);
  return {
    items: rows.map(entryView),
    next_cursor: rows.length === limit ? String(rows[rows.length - 1]!.seq) : null,
  };
}

/** The trail's query: by the actor's index and the subject's, never a scan of the log. */
export function auditOfQuery(deps: Deps, userId: string, limit: number, cursor?: number) {
  return deps.db
    .select()
    .from(auditLog)
    .where(
      and(
        cursor === undefined ? undefined : lt(auditLog.seq, cursor),
        or(eq(auditLog.actorId, userId), eq(auditLog.subject, userId)),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}
