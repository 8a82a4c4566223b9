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
  wake(): void;
}

export interface LaneOptions {
  /** Most writes committed in one batch. Default 32. */
  maxGroup?: number;
  backoff?: BackoffOptions;
}

/**
 * Waits for `woken`, which another request resolves. A timer stays pending meanwhile:
 * workerd cancels a request as hung when nothing of its own is pending (no I/O, no
 * timer), even though another request is about to wake it.
 */
async function whileWaiting(woken: Promise<void>): Promise<void> {
  let done = false;
  void woken.then(() => {
    done = true;
  });
  while (!done) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([woken, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
    clearTimeout(timer);
  }
}

/** Another writer appended to the audit chain after the tail this batch was chained on. */
const isChainRace = (error: unknown) =>
  /audit_log\.(prev_hash|seq|hash)|UNIQUE constraint failed: audit_log/.test(String(error));

const isRetryable = (error: unknown) => isChainRace(error) || violationOf(error) === 'busy';

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
 *   (group commit): hosts on one database would otherwise race for the chain's tail and
 *   the write lock with every request. A batch that a constraint refuses is tried again
 *   one write at a time, so each write still commits or fails alone.
 *
 * The write at the head of the queue leads: its own client (on Workers, its own
 * request's I/O) commits the group, then it wakes the next head. So no request's
 * database I/O runs on behalf of another request that may already have ended.
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
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const job: Job = { client, statements, audit, wake };
    this.queue.push(job);
    // Woken either with an outcome (a leader committed this write) or as the new head.
    if (this.leading) await whileWaiting(woken);
    else this.leading = true;
    if (!job.outcome) await this.lead(job);
    const outcome = job.outcome!;
    if (outcome.ok) return outcome.results;
    throw outcome.error;
  }

  private async lead(leader: Job): Promise<void> {
    const group = this.queue.splice(0, this.options.maxGroup ?? 32);
    const t0 = performance.now(); console.log('DBG lead', group.length, 'queued', this.queue.length);
    try {
      await this.commit(leader.client, group);
    } catch (error) {
      for (const job of group) job.outcome ??= { ok: false, error };
    }
    console.log('DBG led', group.length, Math.round(performance.now() - t0), group.map((j) => j.outcome?.ok ? 'ok' : 'err').join(''));
    for (const job of group) if (job !== leader) job.wake();
    const next = this.queue[0];
    if (next) next.wake();
    else this.leading = false;
  }

  private async commit(client: Client, group: Job[]): Promise<void> {
    if (group.length > 1) {
      try {
        const results = await this.batch(client, group);
        group.forEach((job, i) => {
          job.outcome = { ok: true, results: results[i]! };
        });
        return;
      } catch {
        // A constraint refused one of them (or the budget ran out): each alone decides.
      }
    }
    for (const job of group) {
      try {
        job.outcome = { ok: true, results: (await this.batch(client, [job]))[0]! };
      } catch (error) {
        job.outcome = { ok: false, error };
      }
    }
  }

  /** One atomic batch of `jobs`, tried again on BUSY and on a chain race: each job's results. */
  private async batch(client: Client, jobs: Job[]): Promise<ResultSet[][]> {
    const backoff = new Backoff(this.options.backoff);
    const chained = jobs.some((job) => job.audit.length > 0);
    for (;;) {
      try {
        if (chained && !this.tail) this.tail = tailOf((await client.execute(TAIL_SQL)).rows[0]);
        let tail = this.tail;
        const statements: InStatement[] = [];
        const spans: Array<[number, number]> = [];
        for (const job of jobs) {
          spans.push([statements.length, statements.length + job.statements.length]);
          statements.push(...job.statements);
          if (job.audit.length > 0) {
            const appended = appendStatements(tail!, job.audit);
            statements.push(...appended.statements);
            tail = appended.tail;
          }
        }
        const results = await client.batch(statements, 'write');
        if (chained) this.tail = tail;
        return spans.map(([from, to]) => results.slice(from, to));
      } catch (error) {
        console.log('DBG batch error', String(error).slice(0, 120));
        if (isChainRace(error)) this.tail = undefined;
        if (!isRetryable(error) || !(await backoff.wait())) throw error;
      }
    }
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
