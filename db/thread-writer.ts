import { Worker } from 'node:worker_threads';
import type { InStatement, ResultSet } from '@libsql/client';
import type { AuditEntry } from '../worker/audit/chain';
import type { Writer, WriterStats } from '../worker/ledger/writer';
import { toResultSet } from './native-statements';
import {
  errorFromWire,
  type FromThread,
  type ThreadOptions,
  type ToThread,
  type WriteJob,
} from './writer-protocol';

/**
 * The thread's entry registers tsx and loads db/writer-thread.ts. The thread keeps only
 * the process's profiling flags (`node --cpu-prof` writes a profile of the thread too).
 */
const ENTRY = new URL('./writer-thread.mjs', import.meta.url);

/**
 * The writer thread of this process (db/writer-thread.ts), which serves every database
 * it opens, each on its own connection. Idle, it does not keep the process alive; a
 * write under way does. When it ends on its own, every writer on it fails.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly writers = new Map<number, ThreadWriter>();
  private nextDb = 1;
  private busy = 0;
  private error: Error | undefined;
  ended = false;

  constructor() {
    this.worker = new Worker(ENTRY, {
      execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
    });
    this.worker.unref();
    this.worker.on('message', (message: FromThread) =>
      this.writers.get(message.db)?.answer(message),
    );
    this.worker.on('error', (error) => {
      this.error = error;
    });
    this.worker.once('exit', (code) => {
      this.ended = true;
      const error = new Error(`the writer thread ended (code ${code})`, { cause: this.error });
      for (const writer of this.writers.values()) writer.fail(error);
      this.writers.clear();
    });
  }

  attach(writer: ThreadWriter, options: ThreadOptions): number {
    const db = this.nextDb++;
    this.writers.set(db, writer);
    this.post({ type: 'open', db, options });
    return db;
  }

  detach(db: number): void {
    this.writers.delete(db);
  }

  post(message: ToThread): void {
    this.worker.postMessage(message);
  }

  /** A write (or a close) is under way: keep the process alive until it is answered. */
  hold(): void {
    if (this.busy++ === 0) this.worker.ref();
  }

  release(): void {
    if (--this.busy === 0) this.worker.unref();
  }
}

let shared: WriterThread | undefined;

/** This process's writer thread, started at the first call, again after one ended. */
export function writerThread(): WriterThread {
  if (!shared || shared.ended) shared = new WriterThread();
  return shared;
}

interface Pending {
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

export interface ThreadWriterOptions extends Omit<ThreadOptions, 'path'> {
  /** The thread to write on; this process's own by default. */
  thread?: WriterThread;
  /**
   * Called once when the thread ends without this writer being closed: every unanswered
   * write has been refused, and the writer refuses all new ones. The Node host exits.
   */
  onFatal?: (error: Error) => void;
}

/**
 * The Node host's Writer (issue 13): a proxy on the main thread for one database's group
 * commit in the writer thread. Writes queued in one turn of the event loop go to the
 * thread in one message; each comes back alone, with the results or the error the writer
 * gave, rebuilt as @libsql/client's (the same codes and messages as before the thread).
 */
export class ThreadWriter implements Writer {
  private readonly thread: WriterThread;
  private readonly db: number;
  private readonly onFatal: ((error: Error) => void) | undefined;
  private readonly pending = new Map<number, Pending>();
  private outbox: WriteJob[] = [];
  private nextId = 1;
  private scheduled = false;
  private closing = false;
  private closed: (() => void) | undefined;
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  private readonly listeners = new Set<(size: number, ms: number) => void>();
  private readonly counts = { groups: 0, writes: 0, lastGroupSize: 0, lastGroupMs: 0 };

  constructor(path: string, options: ThreadWriterOptions = {}) {
    const { thread, onFatal, ...rest } = options;
    this.thread = thread ?? writerThread();
    this.onFatal = onFatal;
    this.done = new Promise((resolve) => {
      this.closed = resolve;
    });
    this.db = this.thread.attach(this, { ...rest, path });
  }

  write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('writer closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.outbox.push({ id, statements, audit });
      this.thread.hold();
      // The writes of this turn go together, in one message.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  stats(): WriterStats {
    return { queued: this.pending.size, ...this.counts };
  }

  /** `listener` hears of each group: how many writes it held and how long it took, ms. */
  onGroup(listener: (size: number, ms: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits what is queued, refuses new writes, then closes this database's connection. */
  async close(): Promise<void> {
    if (!this.closing && !this.failure) {
      this.closing = true;
      if (this.scheduled) await new Promise((resolve) => setImmediate(resolve));
      this.thread.hold();
      this.thread.post({ type: 'close', db: this.db });
    }
    if (this.failure) return;
    await this.done;
  }

  private send(): void {
    this.scheduled = false;
    const jobs = this.outbox;
    this.outbox = [];
    if (jobs.length > 0 && !this.failure) this.thread.post({ type: 'write', db: this.db, jobs });
  }

  /** The thread's answer to a group of this writer's writes, or to close(). */
  answer(message: FromThread): void {
    if (message.type === 'closed') {
      this.thread.release();
      this.thread.detach(this.db);
      this.closed?.();
      return;
    }
    this.counts.groups++;
    this.counts.writes += message.replies.length;
    this.counts.lastGroupSize = message.size;
    this.counts.lastGroupMs = message.ms;
    for (const reply of message.replies) {
      const waiting = this.pending.get(reply.id);
      if (!waiting) continue;
      this.pending.delete(reply.id);
      this.thread.release();
      if (reply.ok) waiting.resolve(reply.results.map(toResultSet));
      else waiting.reject(errorFromWire(reply.error));
    }
    for (const listener of this.listeners) listener(message.size, message.ms);
  }

  /** The thread ended: refuses every unanswered write, none of which is known to be on disk. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.outbox = [];
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    const closing = this.closing;
    this.closed?.();
    if (!closing) this.onFatal?.(error);
  }
}

/** The writer for the migrated database file at `path`, on this process's writer thread. */
export function openThreadWriter(path: string, options: ThreadWriterOptions = {}): ThreadWriter {
  return new ThreadWriter(path, options);
}
