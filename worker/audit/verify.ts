import type { Client, Row, Value } from '@libsql/client';
import { type AuditEntry, entryHash, GENESIS } from './chain';

/**
 * Why an entry breaks the chain (issue 3):
 * - `hash_mismatch`: its stored fields no longer give its stored hash: it was edited.
 * - `prev_hash_mismatch`: it does not point at the entry before it: an entry was
 *   inserted, removed or reordered, or the one before was edited and re-hashed.
 * - `seq_gap`: its number does not follow the one before: entries are missing.
 */
export type BreakKind = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';

export type VerifyResult =
  | { ok: true; entries: number }
  | {
      ok: false;
      /** Entries read up to and including the first broken one. */
      entries_checked: number;
      first_broken: { seq: number; kind: BreakKind; reason: string };
    };

export const VERIFY_PAGE_SIZE = 1_000;

const COLUMNS = 'seq, at, actor_id, actor_role, action, channel, subject, detail, prev_hash, hash';

const text = (v: Value) => (v === null ? null : String(v));

/** The entry as stored; `detail` stays the stored string, since that is what was hashed. */
function storedEntry(row: Row): { entry: AuditEntry; detail: string } {
  return {
    entry: {
      at: Number(row.at),
      actorId: text(row.actor_id),
      actorRole: text(row.actor_role),
      action: String(row.action),
      channel: String(row.channel),
      subject: text(row.subject),
      detail: {},
    },
    detail: String(row.detail),
  };
}

/** The first reason `row` does not follow `previous` in the chain, if any. */
function breakOf(
  row: Row,
  previous: { seq: number; hash: string },
): { kind: BreakKind; reason: string } | undefined {
  const seq = Number(row.seq);
  const expected = previous.seq + 1;
  if (seq !== expected) {
    const missing = seq - 1 === expected ? `#${expected} is` : `#${expected}..#${seq - 1} are`;
    return {
      kind: 'seq_gap',
      reason:
        seq > expected
          ? `seq gap: entry ${missing} missing`
          : `seq gap: expected entry #${expected}, found #${seq}`,
    };
  }
  if (String(row.prev_hash) !== previous.hash) {
    return {
      kind: 'prev_hash_mismatch',
      reason:
        previous.seq === GENESIS.seq
          ? 'prev_hash mismatch: the first entry does not start from the genesis hash'
          : `prev_hash mismatch: it does not point at entry #${previous.seq} (an entry was inserted, removed or reordered)`,
    };
  }
  const { entry, detail } = storedEntry(row);
  if (entryHash(seq, String(row.prev_hash), entry, detail) !== String(row.hash)) {
    return {
      kind: 'hash_mismatch',
      reason: 'hash mismatch: its stored fields do not give its hash (the entry was edited)',
    };
  }
  return undefined;
}

/**
 * Walks the audit log in seq order from the genesis hash, recomputing each entry's hash
 * from its stored fields and checking each link, and names the first entry that breaks
 * the chain. Reads `pageSize` rows at a time, so a long log is never in memory at once.
 * Entries appended while it runs are checked too when they land after the page being read.
 */
export async function verifyChain(
  client: Pick<Client, 'execute'>,
  pageSize = VERIFY_PAGE_SIZE,
): Promise<VerifyResult> {
  let previous = { seq: GENESIS.seq, hash: GENESIS.hash };
  let checked = 0;
  let after: number | undefined;
  for (;;) {
    // The first page has no lower bound, so a stray entry numbered 0 or below is seen too.
    const page = await client.execute(
      after === undefined
        ? { sql: `SELECT ${COLUMNS} FROM audit_log ORDER BY seq LIMIT ?`, args: [pageSize] }
        : {
            sql: `SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
            args: [after, pageSize],
          },
    );
    for (const row of page.rows) {
      checked += 1;
      const broken = breakOf(row, previous);
      if (broken) {
        return {
          ok: false,
          entries_checked: checked,
          first_broken: { seq: Number(row.seq), ...broken },
        };
      }
      previous = { seq: Number(row.seq), hash: String(row.hash) };
    }
    if (page.rows.length < pageSize) return { ok: true, entries: checked };
    after = previous.seq;
  }
}
