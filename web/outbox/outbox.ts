import type { AirloadDb, KnownWallet } from '../db';
import type { Sale } from '../types';
import { type AmountCheck, checkAmount, walletAfterSale } from './guards';
import { afterOutcome, isDue, type NewSale, type OutboxItem, queued, withSale } from './machine';
import { classify, type SendAnswer } from './retry';

/** Runs `work` alone: across tabs and the service worker where Web Locks exist. */
export type Lock = <T>(work: () => Promise<T>) => Promise<T>;

export interface OutboxOptions {
  now?: () => number;
  random?: () => number;
  lock?: Lock;
}

export interface FlushReport {
  accepted: OutboxItem[];
  failed: OutboxItem[];
  /** A 401: the queued sales wait for a new login. */
  auth: boolean;
  /** The last send is to be retried (network, 5xx, 409): the rest waited too. */
  retry: boolean;
  /** Queued items still waiting, and when the first of them is due. */
  remaining: number;
  nextDueAt: number | undefined;
}

export type EnqueueResult = { ok: true; item: OutboxItem } | (AmountCheck & { ok: false });

const LOCK_NAME = 'airload-outbox';

/** Web Locks where the browser has them, so two tabs and the service worker take turns. */
export function defaultLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  const local: Lock = (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return local;
  // The lock is held until `work` settles; its answer is `work`'s.
  return <T>(work: () => Promise<T>) =>
    local(async () => (await locks.request(LOCK_NAME, work)) as T);
}

/**
 * The outbox (DESIGN 5, issue 4), owned by the page (and run by the service worker on
 * Background Sync): sales stored in IndexedDB with their key before the first send,
 * sent oldest first, each answer applied by the rules of retry.ts and machine.ts.
 * Dispatches `change` whenever an item or the set being sent changes.
 */
export class Outbox extends EventTarget {
  /** Keys being sent right now by this outbox. */
  readonly sending = new Set<string>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly lock: Lock;

  constructor(
    private readonly db: AirloadDb,
    private readonly send: (item: OutboxItem) => Promise<SendAnswer>,
    options: OutboxOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.lock = options.lock ?? defaultLock();
  }

  /** Every item of a user, oldest first. */
  async list(userId: string): Promise<OutboxItem[]> {
    const items = await this.db.getAllFromIndex('outbox', 'userId', userId);
    return items.sort((a, b) => a.createdAt - b.createdAt || a.key.localeCompare(b.key));
  }

  get(key: string): Promise<OutboxItem | undefined> {
    return this.db.get('outbox', key);
  }

  /**
   * Stores a confirmed sale, in the same transaction that checks it against the limits
   * and the last known balance less what is already queued, so that two tabs cannot
   * both take the last of the money.
   */
  async enqueue(
    sale: NewSale,
    limits: { min_sale: number; max_sale: number },
  ): Promise<EnqueueResult> {
    const tx = this.db.transaction(['outbox', 'kv'], 'readwrite');
    const [items, known] = await Promise.all([
      tx.objectStore('outbox').index('userId').getAll(sale.userId),
      tx.objectStore('kv').get('wallet') as Promise<KnownWallet | undefined>,
    ]);
    const available = known?.userId === sale.userId ? known.wallet.available : 0;
    const check = checkAmount(sale.amount, limits, available, items);
    if (!check.ok) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return check;
    }
    const item = queued(sale, this.now());
    await Promise.all([tx.objectStore('outbox').add(item), tx.done]);
    this.changed();
    return { ok: true, item };
  }

  /** Sends what is due (everything queued when `force`), one at a time, oldest first. */
  flush(userId: string, options: { force?: boolean } = {}): Promise<FlushReport> {
    return this.lock(async () => {
      const report: FlushReport = {
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

  private async sendOne(item: OutboxItem): Promise<OutboxItem> {
    this.sending.add(item.key);
    this.changed();
    let answer: SendAnswer;
    try {
      answer = await this.send(item);
    } catch (error) {
      answer = { kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
    const next = afterOutcome(item, classify(answer), this.now(), this.random());
    const tx = this.db.transaction(['outbox', 'sales', 'kv'], 'readwrite');
    const writes: Promise<unknown>[] = [tx.objectStore('outbox').put(next)];
    if (next.state === 'sent' && next.sale) {
      writes.push(tx.objectStore('sales').put(next.sale));
      const known = (await tx.objectStore('kv').get('wallet')) as KnownWallet | undefined;
      if (known?.userId === item.userId) {
        const wallet = walletAfterSale(known.wallet, next.sale);
        writes.push(tx.objectStore('kv').put({ ...known, wallet }, 'wallet'));
      }
    }
    await Promise.all([...writes, tx.done]);
    this.sending.delete(item.key);
    this.changed();
    return next;
  }

  /** Records a newer state of a sent item's sale (from polling or the sales list). */
  async updateSale(sale: Sale): Promise<void> {
    const tx = this.db.transaction(['outbox', 'sales'], 'readwrite');
    const cursor = tx.objectStore('outbox');
    const writes: Promise<unknown>[] = [tx.objectStore('sales').put(sale)];
    for (const item of await cursor.getAll()) {
      if (item.sale?.id === sale.id) writes.push(cursor.put(withSale(item, sale)));
    }
    await Promise.all([...writes, tx.done]);
    this.changed();
  }

  /** Forgets a failed item (after "sell again" or on request); queued ones may be on the server. */
  async dismiss(key: string): Promise<boolean> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const item = await tx.store.get(key);
    const removable = item?.state === 'failed';
    if (removable) await tx.store.delete(key);
    await tx.done;
    if (removable) this.changed();
    return removable;
  }

  /** Drops sent items older than `maxAgeMs`: their sales live in the sales store. */
  async prune(maxAgeMs: number): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const cutoff = this.now() - maxAgeMs;
    for (const item of await tx.store.getAll()) {
      if (item.state === 'sent' && (item.sentAt ?? 0) < cutoff) await tx.store.delete(item.key);
    }
    await tx.done;
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
