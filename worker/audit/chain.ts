import type { InStatement } from '@libsql/client';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** What an audit entry says (DESIGN 7): who did what, when, from which channel. */
export interface AuditEntry {
  at: number;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  channel: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

export interface ChainTail {
  seq: number;
  hash: string;
  /**
   * Issue 14: the first entry hashed with AUDIT_KEY (HMAC-SHA256); the ones before it
   * are an older, unkeyed SHA-256 chain. Undefined while no keyed entry was written.
   */
  keyedFrom?: number;
}

/** The chain's start: the first entry's previous hash. */
export const GENESIS: ChainTail = { seq: 0, hash: '0'.repeat(64) };

/** Always one row: the newest entry (null on an empty log) and the checkpoint's keyed_from. */
export const TAIL_SQL = `SELECT (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1) AS seq,
  (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS hash,
  (SELECT keyed_from FROM audit_checkpoints WHERE id = 1) AS keyed_from`;

export function tailOf(row: Record<string, unknown> | undefined): ChainTail {
  const keyedFrom =
    row?.keyed_from === null || row?.keyed_from === undefined
      ? {}
      : { keyedFrom: Number(row.keyed_from) };
  if (row?.seq === null || row?.seq === undefined) return { ...GENESIS, ...keyedFrom };
  return { seq: Number(row.seq), hash: String(row.hash), ...keyedFrom };
}

const digest = (text: string, key: string | undefined) =>
  bytesToHex(
    key === undefined
      ? sha256(utf8ToBytes(text))
      : hmac(sha256, utf8ToBytes(key), utf8ToBytes(text)),
  );

/**
 * The stored fields an entry's hash covers, in a fixed order: HMAC-SHA256 with `key`
 * (issue 14: without the key nobody can re-hash the chain after an edit), or plain
 * SHA-256 for entries written before the chain was keyed.
 */
export function entryHash(
  seq: number,
  prevHash: string,
  e: AuditEntry,
  detail = JSON.stringify(e.detail),
  key?: string,
): string {
  const fields = [
    seq,
    prevHash,
    e.at,
    e.actorId,
    e.actorRole,
    e.action,
    e.channel,
    e.subject,
    detail,
  ];
  return digest(JSON.stringify(fields), key);
}

/** The signed head of the chain (issue 14), one row in audit_checkpoints. */
export interface Checkpoint {
  seq: number;
  headHash: string;
  keyedFrom: number;
  at: number;
}

/** Signs a checkpoint; a different domain tag from entries, so one cannot pass for the other. */
export function checkpointSignature(c: Checkpoint, key: string): string {
  return digest(JSON.stringify(['checkpoint', c.seq, c.headHash, c.keyedFrom, c.at]), key);
}

/** The upsert of the one checkpoint row: the head after this write, signed. */
export function checkpointStatement(c: Checkpoint, key: string): InStatement {
  return {
    sql: `INSERT INTO audit_checkpoints (id, seq, head_hash, keyed_from, at, signature)
          VALUES (1, ?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, head_hash = excluded.head_hash,
            keyed_from = excluded.keyed_from, at = excluded.at, signature = excluded.signature`,
    args: [c.seq, c.headHash, c.keyedFrom, c.at, checkpointSignature(c, key)],
  };
}

/**
 * The inserts that append `entries` after `tail`, each carrying the previous hash. The
 * unique prev_hash and the primary key refuse a second entry after the same tail, so
 * two writers racing on one chain cannot fork it: the loser's whole write fails.
 *
 * With `key` (issue 14) the entries are HMAC-keyed and the same write moves the signed
 * checkpoint to the new head, so deleting the newest entries is seen by the verifier.
 * Pure: the writer (a thread of its own, later) passes the key in.
 */
export function appendStatements(
  tail: ChainTail,
  entries: AuditEntry[],
  key?: string,
): { statements: InStatement[]; tail: ChainTail } {
  const statements: InStatement[] = [];
  let { seq, hash } = tail;
  const keyedFrom = key === undefined ? tail.keyedFrom : (tail.keyedFrom ?? tail.seq + 1);
  for (const e of entries) {
    const detail = JSON.stringify(e.detail);
    const next = entryHash(seq + 1, hash, e, detail, key);
    statements.push({
      sql: `INSERT INTO audit_log (seq, at, actor_id, actor_role, action, channel, subject, detail, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        seq + 1,
        e.at,
        e.actorId,
        e.actorRole,
        e.action,
        e.channel,
        e.subject,
        detail,
        hash,
        next,
      ],
    });
    seq += 1;
    hash = next;
  }
  if (key !== undefined && keyedFrom !== undefined && entries.length > 0) {
    const at = entries.at(-1)!.at;
    statements.push(checkpointStatement({ seq, headHash: hash, keyedFrom, at }, key));
  }
  return { statements, tail: keyedFrom === undefined ? { seq, hash } : { seq, hash, keyedFrom } };
}
