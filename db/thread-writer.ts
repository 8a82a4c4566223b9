import { Worker } from 'node:worker_threads';
import type { InStatement, ResultSet } from '@libsql/client';
import type { AuditEntry } from '../worker/audit/chain';
import type { Writer } from '../worker/ledger/writer';
import { toResultSet } from './native-statements';
import {
  errorFromWire,
  type FromThread,
  type ThreadOptions,
  type ToThread,
  type WriteJob,
} from './writer-protocol';

interface Pending {
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

/** What the writer has done so far, for metrics (queue depth, group sizes). */
export interface WriterStats {
  /** Writes sent and not yet answered. */
  queued: number;
  /** Groups committed (or refused as a whole) since start. */
  groups: number;
  /** Writes answered since start. */
  writes: number;
  /** The last group's size and how long its transaction took, ms. */
  lastGroupSize: number;
  lastGroupMs: number;
}

export interface ThreadWriterOptions extends Omit<ThreadOptions, 'path'> {
  /**
   * Called once when the thread ends without being closed: every unanswered write has
   * been refused, and the writer refuses all new ones. The Node host exits on it.
   */
  onFatal?: (error: Error) => void;
}

/**
 * The thread's entry registers tsx and loads db/writer-thread.ts. The thread keeps only
 * the process's profiling flags (`node --cpu-prof` writes a profile of the thread too).
 */
const ENTRY = new URL('./writer-thread.mjs', import.meta.url);
const execArgv = () => process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));

/**
 * The Node host's Writer (issue 13): a proxy on the main thread for the group commit in
 * db/writer-thread.ts. Writes queued in one turn of the event loop go to the thread in
 * one message; each comes back alone, with the results or the error the writer gave,
 * rebuilt as @libsql/client's (the same codes and messages as before the thread).
 */
export class ThreadWriter implements Writer {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private outbox: WriteJob[] = [];
  private nextId = 1;
  private scheduled = false;
  private closing = false;
  private failure: Error | undefined;
  private readonly listeners = new Set<(size: number, ms: number) => void>();
  private readonly counts = { groups: 0, writes: 0, lastGroupSize: 0, lastGroupMs: 0 };
  private readonly exited: Promise<void>;

  constructor(path: string, options: ThreadWriterOptions = {}) {
    const { onFatal, ...rest } = options;
    this.worker = new Worker(ENTRY, {
      workerData: { ...rest, path } satisfies ThreadOptions,
      execArgv: execArgv(),
    });
    // Idle, the thread does not keep the process alive; a write under way does.
    this.worker.unref();
    this.worker.on('message', (message: FromThread) => this.answer(message));
    let error: Error | undefined;
    this.worker.on('error', (e) => {
      error = e;
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        if (!this.closing || this.pending.size > 0) {
          this.fail(new Error(`the writer thread ended (code ${code})`, { cause: error }), onFatal);
        }
        resolve();
      });
    });
  }

  write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('writer closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.outbox.push({ id, statements, audit });
      if (this.pending.size === 1) this.worker.ref();
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

  /** Commits what is queued, refuses new writes, then ends the thread and its connection. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      if (this.scheduled) await new Promise((resolve) => setImmediate(resolve));
      this.post({ type: 'close' });
      this.worker.ref();
    }
    await this.exited;
  }

  private send(): void {
    this.scheduled = false;
    const jobs = this.outbox;
    this.outbox = [];
    if (jobs.length > 0 && !this.failure) this.post({ type: 'write', jobs });
  }

  private post(message: ToThread): void {
    this.worker.postMessage(message);
  }

  private answer(message: FromThread): void {
    this.counts.groups++;
    this.counts.writes += message.replies.length;
    this.counts.lastGroupSize = message.size;
    this.counts.lastGroupMs = message.ms;
    for (const reply of message.replies) {
      const waiting = this.pending.get(reply.id);
      if (!waiting) continue;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.results.map(toResultSet));
      else waiting.reject(errorFromWire(reply.error));
    }
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    for (const listener of this.listeners) listener(message.size, message.ms);
  }

  /** Refuses every unanswered write: none of them is known to be on disk. */
  private fail(error: Error, onFatal: ((error: Error) => void) | undefined): void {
    if (this.failure) return;
    this.failure = error;
    this.outbox = [];
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    onFatal?.(error);
  }
}

/** The writer for the migrated database file at `path`, on its own thread. */
export function openThreadWriter(path: string, options: ThreadWriterOptions = {}): ThreadWriter {
  return new ThreadWriter(path, options);
}
