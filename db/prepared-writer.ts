import type { InStatement, ResultSet } from '@libsql/client';
import Database from 'libsql';
import { type AuditEntry, appendStatements, TAIL_SQL, tailOf } from '../worker/audit/chain';
import type { Writer, WriterStats } from '../worker/ledger/writer';
import { StatementCache } from './native-statements';

interface Job {
  statements: InStatement[];
  audit: AuditEntry[];
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; results: ResultSet[] } | { ok: false; error: unknown };

/**
 * The Node host's single writer with group commit, on its own raw libsql connection
 * (Node only: the Workers host writes through worker/ledger/batch-writer.ts).
 *
 * Concurrent writers on one libSQL file halve throughput, and every commit pays an
 * fsync (synchronous=FULL), so all writes queue here and whatever is queued when the
 * writer runs commits in one transaction. Each write runs inside its own savepoint: one
 * that a constraint rejects is rolled back alone and fails alone, and the others commit.
 * Statements are prepared once per SQL text and reused (StatementCache).
 */
export class PreparedWriter implements Writer {
  private queue: Job[] = [];
  private scheduled = false;
  private closed = false;
  private begun = 0;
  private written = 0;
  private lastGroup = 0;
  private readonly statements: StatementCache;

  /** `connection` must be this writer's own: the transaction stays on it, and close() closes it. */
  constructor(
    private readonly connection: InstanceType<typeof Database>,
    private readonly maxGroup = 256,
    cacheSize = 256,
    /** Keys the audit chain (issue 14); passed to the pure chain functions. */
    private readonly auditKey?: string,
  ) {
    this.statements = new StatementCache(connection, cacheSize);
  }

  /** How many transactions this writer has begun: fewer than writes means it grouped them. */
  get transactions(): number {
    return this.begun;
  }

  stats(): WriterStats {
    return {
      queued: this.queue.length,
      lastGroupSize: this.lastGroup,
      groups: this.begun,
      writes: this.written,
    };
  }

  write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    if (this.closed) return Promise.reject(new Error('writer closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ statements, audit, resolve, reject });
      // Start on the next turn of the event loop, not now: the requests that arrive in
      // this turn queue behind this one and commit with it (group commit).
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    });
  }

  /** Commits what is queued, refuses new writes, then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.scheduled || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    if (this.connection.open) this.connection.close();
  }

  /** Synchronous, as the driver is: no write can queue while a group commits. */
  private drain(): void {
    try {
      while (this.queue.length > 0) this.commit(this.queue.splice(0, this.maxGroup));
    } finally {
      this.scheduled = false;
    }
  }

  private commit(group: Job[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.statements.execute('BEGIN IMMEDIATE');
      this.begun++;
      this.lastGroup = group.length;
      this.written += group.length;
      // One read of the chain's tail per group: this writer is the only one appending.
      let tail = tailOf(this.statements.execute(TAIL_SQL).rows[0]);
      for (const job of group) {
        this.statements.execute('SAVEPOINT sale');
        try {
          const results = job.statements.map((statement) => this.statements.execute(statement));
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
      }
      this.statements.execute('COMMIT');
    } catch (error) {
      // The group as a whole did not commit (disk full, I/O error): nothing is acknowledged.
      this.rollback();
      for (const job of group) job.reject(error);
      return;
    }
    group.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.results);
      else job.reject(outcome.error);
    });
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
export function openPreparedWriter(path: string, auditKey?: string): PreparedWriter {
  const connection = new Database(path);
  connection.exec('PRAGMA journal_mode = WAL');
  connection.exec('PRAGMA synchronous = FULL');
  connection.exec('PRAGMA busy_timeout = 5000');
  connection.exec('PRAGMA foreign_keys = ON');
  return new PreparedWriter(connection, undefined, undefined, auditKey);
}
