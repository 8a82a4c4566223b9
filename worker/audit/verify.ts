import type { Client, Row, Value } from '@libsql/client';
import { type AuditEntry, type Checkpoint, checkpointSignature, entryHash, GENESIS } from './chain';

/**
 * Why an entry breaks the chain (issue 3):
 * - `hash_mismatch`: its stored fields no longer give its stored hash: it was edited.
 * - `prev_hash_mismatch`: it does not point at the entry before it: an entry was
 *   inserted, removed or reordered, or the one before was edited and re-hashed.
 * - `seq_gap`: its number does not follow the one before: entries are missing.
 * Issue 14, with the key:
 * - `checkpoint_invalid`: the signed head is missing (entries are keyed but no
 *   checkpoint vouches for them) or its signature does not match: it was forged.
 * - `truncated`: the log ends before the checkpoint's head, or the entry there is not
 *   the head it signed: the newest entries were deleted or replaced.
 */
export type BreakKind =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'seq_gap'
  | 'checkpoint_invalid'
  | 'truncated';

export const BREAK_KINDS = [
  'hash_mismatch',
  'prev_hash_mismatch',
  'seq_gap',
  'checkpoint_invalid',
  'truncated',
] as const satisfies readonly BreakKind[];

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
  key: string | undefined,
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
  if (entryHash(seq, String(row.prev_hash), entry, detail, key) !== String(row.hash)) {
    return {
      kind: 'hash_mismatch',
      reason:
        key === undefined
          ? 'hash mismatch: its stored fields do not give its hash (the entry was edited)'
          : 'hash mismatch: its stored fields and AUDIT_KEY do not give its hash (the entry was edited or re-hashed without the key)',
    };
  }
  return undefined;
}

const CHECKPOINT_SQL =
  'SELECT seq, head_hash, keyed_from, at, signature FROM audit_checkpoints WHERE id = 1';

/** The signed head, when there is one and its signature holds under `key`. */
async function readCheckpoint(
  client: Pick<Client, 'execute'>,
  key: string,
): Promise<{ checkpoint?: Checkpoint; forged: boolean }> {
  const row = (await client.execute(CHECKPOINT_SQL)).rows[0];
  if (!row) return { forged: false };
  const checkpoint: Checkpoint = {
    seq: Number(row.seq),
    headHash: String(row.head_hash),
    keyedFrom: Number(row.keyed_from),
    at: Number(row.at),
  };
  return { checkpoint, forged: checkpointSignature(checkpoint, key) !== String(row.signature) };
}

/**
 * Walks the audit log in seq order from the genesis hash, recomputing each entry's hash
 * from its stored fields and checking each link, and names the first entry that breaks
 * the chain. Reads `pageSize` rows at a time, so a long log is never in memory at once.
 * Entries appended while it runs are checked too when they land after the page being read.
 *
 * With `key` (issue 14): the signed checkpoint is read first and must hold; entries from
 * its `keyed_from` on must carry HMACs under the key (the ones before, from a database
 * older than the key, plain SHA-256), and the log must reach the checkpoint's head with
 * the hash it signed. Entries appended after the checkpoint was read are keyed too.
 * Without a key only the unkeyed chain can be checked.
 */
export async function verifyChain(
  client: Pick<Client, 'execute'>,
  pageSize = VERIFY_PAGE_SIZE,
  key?: string,
): Promise<VerifyResult> {
  const signed = key === undefined ? undefined : await readCheckpoint(client, key);
  const broken = (seq: number, entries: number, kind: BreakKind, reason: string): VerifyResult => ({
    ok: false,
    entries_checked: entries,
    first_broken: { seq, kind, reason },
  });
  if (signed?.forged) {
    return broken(
      signed.checkpoint!.seq,
      0,
      'checkpoint_invalid',
      'checkpoint signature mismatch: the signed head was altered, or AUDIT_KEY is not the key it was signed with',
    );
  }
  const checkpoint = signed?.checkpoint;
  const keyedFrom = checkpoint?.keyedFrom ?? Number.POSITIVE_INFINITY;
  let headSeen = checkpoint === undefined || checkpoint.seq === 0;
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
      const seq = Number(row.seq);
      const fault = breakOf(row, previous, seq >= keyedFrom ? key : undefined);
      if (fault) return broken(seq, checked, fault.kind, fault.reason);
      if (checkpoint && seq === checkpoint.seq) {
        if (String(row.hash) !== checkpoint.headHash) {
          return broken(
            seq,
            checked,
            'truncated',
            `entry #${seq} is not the head the checkpoint signed (the newest entries were replaced)`,
          );
        }
        headSeen = true;
      }
      previous = { seq, hash: String(row.hash) };
    }
    if (page.rows.length < pageSize) break;
    after = previous.seq;
  }
  if (!headSeen) {
    return broken(
      previous.seq + 1,
      checked,
      'truncated',
      `the log ends at entry #${previous.seq}, before the signed head #${checkpoint!.seq}: the newest entries were deleted`,
    );
  }
  // Keyed entries with no checkpoint: whoever removed it could have cut the log too.
  if (key !== undefined && checkpoint === undefined && checked > 0) {
    const { rows } = await client.execute(CHECKPOINT_SQL);
    if (rows.length === 0) {
      return broken(
        previous.seq,
        checked,
        'checkpoint_invalid',
        'no signed checkpoint: nothing vouches for the head of the log (start the host once with AUDIT_KEY to write the first one)',
      );
    }
  }
  return { ok: true, entries: checked };
}
