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
  /** A waiting write looks at the queue again after at most this long, ms. Default 4. */
  pollMs?: number;
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The writes of one host (a Node process, a Workers isolate) to one remote libSQL
 * database (issue 5). Each write is one batch in write mode: one round trip, atomic,
 * never an interactive transaction.
 *
 * - SQLITE_BUSY (another writer held the lock) never reaches the caller: the batch is
 *   atomic, so it is tried again after a jittered backoff, within a time budget.
 * - Audit entries are hash-chained (worker/audit/chain.ts) on the tail this lane last
 *   wrote, read from the database only when unknown; another host appending meanwhile
 *   makes the batch fail on the unique prev_hash, and it is chained again on the new tail.
 * - Writes queue here and whatever is queued when the lane is free commits in one batch
 *   (group commit): the writes of one host would otherwise race each other for the
 *   chain's tail and the write lock. A batch that a constraint refuses is tried again
 *   one write at a time, so each write still commits or fails alone.
 *
 * The write at the head of the queue leads: its own client (on Workers, its own
 * request's I/O) commits the group. The others look at the queue on their own short
 * timers instead of awaiting a promise another request resolves: workerd did not
 * reliably deliver such a resolution (measured here: a lane woken that way stalled for
 * good), and cancels as hung a request that waits on nothing of its own. So a request
 * only ever waits on plain data shared in the isolate, never on another's I/O.
 */
export class WriteLane {
  private readonly queue: Job[] = [];
  private leading = false;
  /** The audit chain's tail after this lane's last write; undefined when unknown. */
  private tail: ChainTail | undefined;

  constructor(private readonly options: LaneOptions = {}) {}

  async write(
    client: Client,
    statements: InStatement[],
    audit: AuditEntry[],
  ): Promise<ResultSet[]> {
    const job: Job = { client, statements, audit };
    this.queue.push(job);
    const pollMs = this.options.pollMs ?? 4;
    for (let delay = 0.5; !job.outcome; delay = Math.min(delay * 2, pollMs)) {
      if (!this.leading && this.queue[0] === job) await this.lead(job);
      else await sleep(delay);
    }
    if (job.outcome.ok) return job.outcome.results;
    throw job.outcome.error;
  }

  private async lead(leader: Job): Promise<void> {
    this.leading = true;
    const group = this.queue.splice(0, this.options.maxGroup ?? 32);
    try {
      await this.commit(leader.client, group);
    } catch (error) {
      for (const job of group) job.outcome ??= { ok: false, error };
    } finally {
      this.leading = false;
    }
  }

  /**
   * Commits `group` in one batch. When a constraint refuses a write, the batch error
   * names the statement, so that write fails alone and the rest are tried again
   * together: a refusal costs one more round trip, not one per write.
   */
  private async commit(client: Client, group: Job[]): Promise<void> {
    let pending = group;
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

/** The database refused a statement of the batch's `job`-th write (`cause` says why). */
class Refused extends Error {
  constructor(
    readonly job: number,
    override readonly cause: unknown,
  ) {
    super('a write of the group was refused', { cause });
  }
}

/**
 * The Writer for a remote libSQL server (sqld, Turso): every write goes through `lane`,
 * which the host keeps for as long as it lives (per process on Node, per isolate on
 * Workers), while `client` may be made per request.
 */
export class BatchWriter implements Writer {
  constructor(
    private readonly client: Client,
    private readonly lane = new WriteLane(),
  ) {}

  write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    return this.lane.write(this.client, statements, audit);
  }

  async close(): Promise<void> {}
}
