import type { Client, InStatement, ResultSet } from '@libsql/client';
import { type AuditEntry, appendStatements, TAIL_SQL, tailOf } from '../audit/chain';

/**
 * One money-moving request is one atomic write (DESIGN 3): a list of statements that
 * commits whole or not at all. The statements carry no branches; the schema's
 * constraints and triggers abort the write when an invariant would break.
 */
export interface Writer {
  /**
   * Commits `statements` and appends `audit` entries to the hash-chained audit log in
   * the same write: the action and its record commit together or not at all.
   */
  write(statements: InStatement[], audit?: AuditEntry[]): Promise<ResultSet[]>;
  close(): Promise<void>;
}

interface Job {
  statements: InStatement[];
  audit: AuditEntry[];
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded host's single writer with group commit. Concurrent writers on one
 * libSQL file halve throughput, and every commit pays an fsync (synchronous=FULL), so
 * all writes queue here and whatever is queued when the writer is free commits in one
 * transaction. Each write runs inside its own savepoint: one that a constraint rejects
 * is rolled back alone and fails alone, and the others commit.
 */
export class GroupCommitWriter implements Writer {
  private queue: Job[] = [];
  private running = false;
  private scheduled = false;
  private closed = false;

  /** `client` must be this writer's own (concurrency 1), so the pragmas and the transaction stay on one connection. */
  constructor(
    private readonly client: Client,
    private readonly maxGroup = 256,
  ) {}

  write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    if (this.closed) return Promise.reject(new Error('writer closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ statements, audit, resolve, reject });
      // Start on the next turn of the event loop, not now: the requests that arrive in
      // this turn queue behind this one and commit with it (group commit).
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.drain();
        });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.running || this.scheduled || this.queue.length > 0)
      await new Promise((r) => setImmediate(r));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxGroup);
        await this.commit(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(group: Job[]): Promise<void> {
    const outcomes: Array<{ ok: true; results: ResultSet[] } | { ok: false; error: unknown }> = [];
    let tx: Awaited<ReturnType<Client['transaction']>> | undefined;
    try {
      tx = await this.client.transaction('write');
      // One read of the chain's tail per group: this writer is the only one appending.
      let tail = tailOf((await tx.execute(TAIL_SQL)).rows[0]);
      for (const job of group) {
        await tx.execute('SAVEPOINT sale');
        try {
          const results: ResultSet[] = [];
          for (const statement of job.statements) results.push(await tx.execute(statement));
          const chained = appendStatements(tail, job.audit);
          for (const statement of chained.statements) await tx.execute(statement);
          await tx.execute('RELEASE sale');
          tail = chained.tail;
          outcomes.push({ ok: true, results });
        } catch (error) {
          await tx.execute('ROLLBACK TO sale');
          await tx.execute('RELEASE sale');
          outcomes.push({ ok: false, error });
        }
      }
      await tx.commit();
    } catch (error) {
      // The group as a whole did not commit (disk full, I/O error): nothing is acknowledged.
      tx?.close();
      for (const job of group) job.reject(error);
      return;
    }
    group.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.results);
      else job.reject(outcome.error);
    });
  }
}
