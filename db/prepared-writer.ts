import type { InStatement } from '@libsql/client';
import Database from 'libsql';
import { type AuditEntry, appendStatements, TAIL_SQL, tailOf } from '../worker/audit/chain';
import { type RawResult, StatementCache } from './native-statements';

export interface GroupJob {
  statements: InStatement[];
  audit: AuditEntry[];
}

export type Outcome = { ok: true; results: RawResult[] } | { ok: false; error: unknown };

type Connection = InstanceType<typeof Database>;

/**
 * Group commit on one raw libsql connection, synchronously, as the driver is: the
 * engine of the Node host's single writer, which runs it on its own thread
 * (db/writer-thread.ts, issue 13).
 *
 * Concurrent writers on one libSQL file halve throughput, and every commit pays an
 * fsync (synchronous=FULL), so whatever writes are queued commit in one transaction.
 * Each write runs inside its own savepoint: one that a constraint rejects is rolled
 * back alone and fails alone, and the others commit. Statements are prepared once per
 * SQL text and reused (StatementCache). The audit chain's tail is read once per group,
 * inside its write lock: cheap, and right even when another process appends to the
 * same file (the edge-style hosts of worker/audit/verify.test.ts).
 */
export class GroupCommit {
  private readonly statements: StatementCache;
  /** How many transactions have begun: fewer than writes means they were grouped. */
  transactions = 0;

  /** `connection` must be this writer's own: the transaction stays on it. */
  constructor(
    private readonly connection: Connection,
    /** Keys the audit chain (issue 14); passed to the pure chain functions. */
    private readonly auditKey?: string,
    cacheSize = 256,
  ) {
    this.statements = new StatementCache(connection, cacheSize);
  }

  /**
   * Commits `group` in one transaction: each write's outcome, in order. When the COMMIT
   * itself fails (disk full, I/O error, a deferred constraint), every write fails with it.
   * `midGroup` runs after each write's statements, before COMMIT (the crash test's hook).
   */
  commit(group: GroupJob[], midGroup?: (job: GroupJob) => void): Outcome[] {
    const outcomes: Outcome[] = [];
    try {
      this.statements.execute('BEGIN IMMEDIATE');
      this.transactions++;
      let tail = tailOf(this.statements.execute(TAIL_SQL).rows[0]);
      for (const job of group) {
        this.statements.execute('SAVEPOINT sale');
        try {
          const results = job.statements.map((statement) => this.statements.executeRaw(statement));
          const chained = appendStatements(tail, job.audit, this.auditKey);
          for (const statement of chained.statements) this.statements.execute(statement);
          this.statements.execute('RELEASE sale');
          tail = chained.tail;
          outcomes.push({ ok: true, results });
        } catch (error) {
          this.statements.execute('ROLLBACK TO sale');
          this.statements.execute('RELEASE sale');
          outcomes.push({ ok: false, error });
        }
        midGroup?.(job);
      }
      this.statements.execute('COMMIT');
      return outcomes;
    } catch (error) {
      // The group as a whole did not commit: nothing is acknowledged.
      this.rollback();
      return group.map(() => ({ ok: false, error }));
    }
  }

  close(): void {
    if (this.connection.open) this.connection.close();
  }

  private rollback(): void {
    try {
      if (this.connection.open && this.connection.inTransaction) this.connection.exec('ROLLBACK');
    } catch {
      // SQLite already rolled the transaction back (some I/O errors do).
    }
  }
}

/**
 * Opens the writer's own connection to the file at `path` (already migrated) in WAL
 * mode with synchronous=FULL (a sale is acknowledged only once it is on disk) and
 * foreign keys enforced.
 */
export function openWriteConnection(path: string): Connection {
  const connection = new Database(path);
  connection.exec('PRAGMA journal_mode = WAL');
  connection.exec('PRAGMA synchronous = FULL');
  connection.exec('PRAGMA busy_timeout = 5000');
  connection.exec('PRAGMA foreign_keys = ON');
  return connection;
}
