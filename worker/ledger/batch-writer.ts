import type { Client, InStatement, ResultSet } from '@libsql/client';
import {
  type AuditEntry,
  appendStatements,
  type ChainTail,
  TAIL_SQL,
  tailOf,
} from '../audit/chain';
import { Backoff, type BackoffOptions } from './backoff';
import { violationOf } from './violation';
import type { Writer } from './writer';

type Outcome = { ok: true; results: ResultSet[] } | { ok: false; error: unknown };

interface Job {
  client: Client;
  statements: InStatement[];
  audit: AuditEntry[];
  outcome?: Outcome;
}

export interface LaneOptions {
  /** Most writes committed in one batch. Default 32. */
  maxGroup?: number;
  backoff?: BackoffOptions;
  /** Keys the audit chain (issue 14, worker/audit/chain.ts); unkeyed when absent. */
  auditKey?: string;
}

/** Another writer appended to the audit chain after the tail this batch was chained on. */
const isChainRace = (error: unknown) =>
  /audit_log\.(prev_hash|seq|hash)|UNIQUE constraint failed: audit_log/.test(String(error));

const isRetryable = (error: unknown) => isChainRace(error) || violationOf(error) === 'busy';

/** Which statement of a batch failed (LibsqlBatchError's statementIndex), when known. */
function statementIndexOf(error: unknown): number | undefined {
  const index = (error as { statementIndex?: unknown } | null)?.statementIndex;
  return typeof index === 'number' ? index : undefined;
}

/**
 * Group commit over HTTP to one remote libSQL database (issue 5, issue 13): the engine
 * both queues below share. Each group is one batch in write mode: one round trip,
 * atomic, never an interactive transaction.
 *
 * - SQLITE_BUSY (another writer held the lock) never reaches the caller: the batch is
 *   atomic, so it is tried again after a jittered backoff, within a time budget.
 * - Audit entries are hash-chained (worker/audit/chain.ts) on the tail this engine last
 *   wrote, read from the database only when unknown; another writer appending meanwhile
 *   makes the batch fail on the unique prev_hash, and it is chained again on the new tail.
 * - A batch that a constraint refuses names the statement (LibsqlBatchError's
 *   statementIndex): that write fails alone and the rest are tried again together, so
 *   each write still commits or fails alone. An HTTP batch has no savepoints to roll
 *   one write back inside the transaction; a refusal costs one more round trip.
 * - A write's outcome is set only once its batch has answered, after its COMMIT.
 */
export class GroupBatch {
  /** The audit chain's tail after this engine's last write; undefined when unknown. */
  private tail: ChainTail | undefined;

  constructor(private readonly options: LaneOptions = {}) {}

  /** Commits `group` on `client`: every job's outcome is set when this returns. */
  async commit(client: Client, group: Job[]): Promise<void> {
    let pending = group;
    try {
      while (pending.length > 0) {
        try {
          const results = await this.batch(client, pending);
          pending.forEach((job, i) => {
            job.outcome = { ok: true, results: results[i]! };
          });
          return;
        } catch (error) {
          const culprit = error instanceof Refused ? pending[error.job] : undefined;
          const cause = error instanceof Refused ? error.cause : error;
          // Not a constraint of one write (the server is gone, the budget ran out): all fail.
          if (!culprit) {
            for (const job of pending) job.outcome = { ok: false, error: cause };
            return;
          }
          culprit.outcome = { ok: false, error: cause };
          pending = pending.filter((job) => job !== culprit);
        }
      }
    } catch (error) {
      for (const job of group) job.outcome ??= { ok: false, error };
    }
  }

  /**
   * One atomic batch of `jobs`, tried again on BUSY and on a chain race: each job's
   * results. A statement the database refused throws Refused, naming its job.
   */
  private async batch(client: Client, jobs: Job[]): Promise<ResultSet[][]> {
    const backoff = new Backoff(this.options.backoff);
    const chained = jobs.some((job) => job.audit.length > 0);
    for (;;) {
      const owners: number[] = [];
      try {
        if (chained && !this.tail) this.tail = tailOf((await client.execute(TAIL_SQL)).rows[0]);
        let tail = this.tail;
        const statements: InStatement[] = [];
        const spans: Array<[number, number]> = [];
        jobs.forEach((job, index) => {
          spans.push([statements.length, statements.length + job.statements.length]);
          statements.push(...job.statements);
          if (job.audit.length > 0) {
            const appended = appendStatements(tail!, job.audit, this.options.auditKey);
            statements.push(...appended.statements);
            tail = appended.tail;
          }
          while (owners.length < statements.length) owners.push(index);
        });
        const results = await client.batch(statements, 'write');
        if (chained) this.tail = tail;
        return spans.map(([from, to]) => results.slice(from, to));
      } catch (error) {
        if (isChainRace(error)) this.tail = undefined;
        if (isRetryable(error) && (await backoff.wait())) continue;
        const at = owners[statementIndexOf(error) ?? -1];
        if (at !== undefined && !isRetryable(error)) throw new Refused(at, error);
        throw error;
      }
    }
  }
}

const outcomeOf = (job: Job): ResultSet[] => {
  if (!job.outcome) throw new Error('a write left without an outcome');
  if (job.outcome.ok) return job.outcome.results;
  throw job.outcome.error;
};

/**
 * The writes of one long-lived writer on one client: the region's Durable Object on
 * Workers (worker/ledger/region-writer.ts, the only writer of the Workers host), and a
 * process on Node (migrations, seed, tests over HTTP). Whatever is queued while a group
 * is in flight goes in the next group; each write's promise settles when its group has
 * answered. No polling: a Durable Object, unlike a stateless isolate, may resolve one
 * request's promise from another's I/O. Several of them on one database (other
 * processes) meet BUSY and chain races, which GroupBatch absorbs.
 */
export class GroupQueue implements Writer {
  private readonly queue: Array<{ job: Job; settle: () => void }> = [];
  private running = false;
  private readonly group: GroupBatch;

  constructor(
    private readonly client: Client,
    private readonly options: LaneOptions = {},
  ) {
    this.group = new GroupBatch(options);
  }

  /** Writes waiting for the next group. */
  get queued(): number {
    return this.queue.length;
  }

  write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    const job: Job = { client: this.client, statements, audit };
    return new Promise<void>((settle) => {
      this.queue.push({ job, settle });
      if (!this.running) void this.drain();
    }).then(() => outcomeOf(job));
  }

  async close(): Promise<void> {}

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.options.maxGroup ?? 32);
        await this.group.commit(
          this.client,
          group.map((queued) => queued.job),
        );
        for (const queued of group) queued.settle();
      }
    } finally {
      this.running = false;
    }
  }
}

/** The database refused a statement of the batch's `job`-th write (`cause` says why). */
class Refused extends Error {
  constructor(
    readonly job: number,
    override readonly cause: unknown,
  ) {
    super('a write of the group was refused', { cause });
  }
}
