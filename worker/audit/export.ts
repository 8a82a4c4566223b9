import type { AuditEntry } from '../../core/api/audit';
import type { Deps } from '../deps';
import { type CsvField, toCsv } from '../http/csv';
import { type AuditFilter, listAudit } from './list';

/** The most entries one export holds: the newest, filters first (issue 11). */
export const AUDIT_EXPORT_MAX = 10_000;

const FIELDS: CsvField<AuditEntry>[] = [
  { label: 'seq', value: (e) => e.seq },
  { label: 'at', value: (e) => e.at },
  { label: 'actor_id', value: (e) => e.actor_id },
  { label: 'actor_role', value: (e) => e.actor_role },
  { label: 'action', value: (e) => e.action },
  { label: 'channel', value: (e) => e.channel },
  { label: 'subject', value: (e) => e.subject },
  { label: 'detail', value: (e) => JSON.stringify(e.detail) },
  { label: 'prev_hash', value: (e) => e.prev_hash },
  { label: 'hash', value: (e) => e.hash },
];

/** GET /api/v1/audit/export.csv: the filtered log, newest first, with its hashes for checking by hand. */
export async function auditCsv(deps: Deps, filter: AuditFilter): Promise<string> {
  const rows: AuditEntry[] = [];
  let cursor: number | undefined;
  while (rows.length < AUDIT_EXPORT_MAX) {
    const page = await listAudit(
      deps,
      filter,
      Math.min(1_000, AUDIT_EXPORT_MAX - rows.length),
      cursor,
    );
    rows.push(...page.items);
    if (page.next_cursor === null) break;
    cursor = Number(page.next_cursor);
  }
  return toCsv(rows, FIELDS);
}
