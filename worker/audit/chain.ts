import type { InStatement } from '@libsql/client';
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
}

/** The chain's start: the first entry's previous hash. */
export const GENESIS: ChainTail = { seq: 0, hash: '0'.repeat(64) };

export const TAIL_SQL = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';

export function tailOf(row: Record<string, unknown> | undefined): ChainTail {
  return row ? { seq: Number(row.seq), hash: String(row.hash) } : GENESIS;
}

/** The stored fields an entry's hash covers, in a fixed order. */
export function entryHash(
  seq: number,
  prevHash: string,
  e: AuditEntry,
  detail = JSON.stringify(e.detail),
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
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(fields))));
}

/**
 * The inserts that append `entries` after `tail`, each carrying the previous hash. The
 * unique prev_hash and the primary key refuse a second entry after the same tail, so
 * two writers racing on one chain cannot fork it: the loser's whole write fails.
 */
export function appendStatements(
  tail: ChainTail,
  entries: AuditEntry[],
): { statements: InStatement[]; tail: ChainTail } {
  const statements: InStatement[] = [];
  let { seq, hash } = tail;
  for (const e of entries) {
    const detail = JSON.stringify(e.detail);
    const next = entryHash(seq + 1, hash, e, detail);
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
  return { statements, tail: { seq, hash } };
}
