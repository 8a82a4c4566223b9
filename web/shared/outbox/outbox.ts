import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { type Accept, afterOutcome, isDue, type NewItem, type OutboxMeta, queued } from './machine';
import { classify, type SendAnswer } from './retry';

/**
 * The outbox (DESIGN 5, issue 4; generic since issue 9): requests stored in IndexedDB
 * with their Idempotency-Key before the first send, sent oldest first, each answer
 * applied by the rules of retry.ts and machine.ts. One outbox holds one kind of request
 * (the shop's sales, the console's visits): an OutboxKind says how to send one, what its
 * 2xx answer is, and what else to write when the server has it. Dispatches `change`
 * whenever an item or the set being sent changes.
 */

/** Runs `work` alone: across tabs and the service worker where Web Locks exist. */
export type Lock = <T>(work: () => Promise<T>) => Promise<T>;

// The outbox's database is the app's own (the shop's holds its sales and wallet too).
// biome-ignore lint/suspicious/noExplicitAny: any app's schema; the outbox names its stores.
export type AnyDb = IDBPDatabase<any>;
// biome-ignore lint/suspicious/noExplicitAny: a transaction over the app's stores.
export type AnyTx = IDBPTransaction<any, string[], 'readwrite'>;

export interface OutboxKind<I extends OutboxMeta, R> {
  /** Sends one item with its own key (postWithKey in send.ts). */
  send(item: I): Promise<SendAnswer>;
  /** A 2xx body as this kind's result, or undefined when it is not one. */
  parse(body: unknown): R | undefined;
  /** Keeps the result on the item. */
  accept: Accept<I, R>;
  /** Other stores written when the server has an item, in the same transaction. */
  acceptedStores?: readonly string[];
  onAccepted?(tx: AnyTx, item: I, result: R): Promise<unknown>;
}

/** A check made in the transaction that stores an item: a refusal, or undefined to store it. */
export interface Admission<I, Refusal> {
  stores: readonly string[];
  check(tx: AnyTx, queuedOfUser: readonly I[]): Promise<Refusal | undefined>;
}

export interface OutboxOptions {
  now?: () => number;
  random?: () => number;
  lock?: Lock;
  /** The object store (keyPath `key`, index `userId`: createOutboxStore). */
  store?: string;
}

export interface FlushReport<I> {
  accepted: I[];
  failed: I[];
  /** A 401: the queued items wait for a new login. */
  auth: boolean;
  /** The last send is to be retried (network, 5xx, 409): the rest waited too. */
  retry: boolean;
  /** Queued items still waiting, and when the first of them is due. */
  remaining: number;
  nextDueAt: number | undefined;
}

/** Creates an outbox's store in an app's IndexedDB upgrade. */
export function createOutboxStore(db: AnyDb, name = 'outbox'): void {
  db.createObjectStore(name, { keyPath: 'key' }).createIndex('userId', 'userId');
}

/** Web Locks where the browser has them, so two tabs and the service worker take turns. */
export function defaultLock(name: string): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  const local: Lock = (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return local;
  // The lock is held until `work` settles; its answer is `work`'s.
  return <T>(work: () => Promise<T>) => local(async () => (await locks.request(name, work)) as T);
}

export class Outbox<I extends OutboxMeta, R> extends EventTarget {
  /** Keys being sent right now by this outbox. */
  readonly sending = new Set<string>();
  protected readonly now: () => number;
  private readonly random: () => number;
  private readonly lock: Lock;
  protected readonly store: string;

  constructor(
    protected readonly db: AnyDb,
    private readonly kind: OutboxKind<I, R>,
    options: OutboxOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.store = options.store ?? 'outbox';
    this.lock = options.lock ?? defaultLock(`airload-${this.store}`);
  }

  /** Every item of a user, oldest first. */
  async list(userId: string): Promise<I[]> {
    const items: I[] = await this.db.getAllFromIndex(this.store, 'userId', userId);
    return items.sort((a, b) => a.createdAt - b.createdAt || a.key.localeCompare(b.key));
  }

  get(key: string): Promise<I | undefined> {
    return this.db.get(this.store, key);
  }

  /**
   * Stores a confirmed request with its key, in the same transaction as `admission`'s
   * check, so that two tabs cannot both pass a check that only one of them may.
   */
  async add<Refusal>(
    fields: NewItem<I>,
    admission?: Admission<I, Refusal>,
  ): Promise<{ ok: true; item: I } | { ok: false; refusal: Refusal }> {
    const tx: AnyTx = this.db.transaction([this.store, ...(admission?.stores ?? [])], 'readwrite');
    if (admission) {
      const mine: I[] = await tx.objectStore(this.store).index('userId').getAll(fields.userId);
      const refusal = await admission.check(tx, mine);
      if (refusal !== undefined) {
        tx.abort();
        await tx.done.catch(() => undefined);
        return { ok: false, refusal };
      }
    }
    const item = queued<I>(fields, this.now());
    await Promise.all([tx.objectStore(this.store).add(item), tx.done]);
    this.changed();
    return { ok: true, item };
  }

  /** Sends what is due (everything queued when `force`), one at a time, oldest first. */
  flush(userId: string, options: { force?: boolean } = {}): Promise<FlushReport<I>> {
    return this.lock(async () => {
      const report: FlushReport<I> = {
        accepted: [],
        failed: [],
        auth: false,
        retry: false,
        remaining: 0,
        nextDueAt: undefined,
      };
      for (const item of await this.list(userId)) {
        if (item.state !== 'queued') continue;
        if (!options.force && !isDue(item, this.now())) continue;
        const next = await this.sendOne(item);
        if (next.state === 'sent') report.accepted.push(next);
        else if (next.state === 'failed') report.failed.push(next);
        else {
          report.auth = next.lastError?.status === 401;
          report.retry = !report.auth;
          // The same would happen to the next one: wait with all of them.
          break;
        }
      }
      const waiting = (await this.list(userId)).filter((item) => item.state === 'queued');
      report.remaining = waiting.length;
      for (const item of waiting) {
        if (report.nextDueAt === undefined || item.nextAttemptAt < report.nextDueAt) {
          report.nextDueAt = item.nextAttemptAt;
        }
      }
      return report;
    });
  }

  private async sendOne(item: I): Promise<I> {
    this.sending.add(item.key);
    this.changed();
    let answer: SendAnswer;
    try {
      answer = await this.kind.send(item);
    } catch (error) {
      answer = { kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
    const outcome = classify(answer, this.kind.parse);
    const next = afterOutcome(item, outcome, this.now(), this.random(), this.kind.accept);
    const accepted = outcome.kind === 'accepted' && next.state === 'sent';
    const stores = [this.store, ...(accepted ? (this.kind.acceptedStores ?? []) : [])];
    const tx: AnyTx = this.db.transaction(stores, 'readwrite');
    const writes: Promise<unknown>[] = [tx.objectStore(this.store).put(next)];
    if (accepted && this.kind.onAccepted)
      writes.push(this.kind.onAccepted(tx, item, outcome.result));
    await Promise.all([...writes, tx.done]);
    this.sending.delete(item.key);
    this.changed();
    return next;
  }

  /** Forgets a failed item (after "sell again" or on request); queued ones may be on the server. */
  async dismiss(key: string): Promise<boolean> {
    const tx = this.db.transaction(this.store, 'readwrite');
    const item: I | undefined = await tx.store.get(key);
    const removable = item?.state === 'failed';
    if (removable) await tx.store.delete(key);
    await tx.done;
    if (removable) this.changed();
    return removable;
  }

  /** Drops sent items older than `maxAgeMs`: what they made lives on the server. */
  async prune(maxAgeMs: number): Promise<void> {
    const tx = this.db.transaction(this.store, 'readwrite');
    const cutoff = this.now() - maxAgeMs;
    for (const item of (await tx.store.getAll()) as I[]) {
      if (item.state === 'sent' && (item.sentAt ?? 0) < cutoff) await tx.store.delete(item.key);
    }
    await tx.done;
  }

  protected changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
