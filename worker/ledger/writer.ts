import type { InStatement, ResultSet } from '@libsql/client';
import type { AuditEntry } from '../audit/chain';

/**
 * One money-moving request is one atomic write (DESIGN 3): a list of statements that
 * commits whole or not at all. The statements carry no branches; the schema's
 * constraints and triggers abort the write when an invariant would break.
 *
 * The Node host writes through db/prepared-writer.ts (group commit on its own raw
 * libsql connection, on the writer thread), the Workers host through the region's
 * Durable Object (./region-writer.ts, group commit into one libSQL batch).
 */
export interface Writer {
  /**
   * Commits `statements` and appends `audit` entries to the hash-chained audit log in
   * the same write: the action and its record commit together or not at all.
   */
  write(statements: InStatement[], audit?: AuditEntry[]): Promise<ResultSet[]>;
  close(): Promise<void>;
  /** What GET /metrics shows of the queue (issue 14); writers that can tell implement it. */
  stats?(): WriterStats;
}

/** A snapshot of a group-commit writer, cheap enough to take on every scrape. */
export interface WriterStats {
  /** Writes waiting for the next group. */
  queued: number;
  /** Writes in the group committed last. */
  lastGroupSize: number;
  /** Groups (transactions) and writes since the writer started: their ratio is the mean group. */
  groups: number;
  writes: number;
  /** How long the last group's transaction took, ms (where the writer measures it). */
  lastGroupMs?: number;
}
