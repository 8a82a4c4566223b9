import { parentPort } from 'node:worker_threads';
import { GroupCommit, type GroupJob, openWriteConnection } from './prepared-writer';
import {
  errorToWire,
  type FromThread,
  type Reply,
  type ThreadOptions,
  type ToThread,
  type WriteJob,
} from './writer-protocol';

/**
 * The writer thread (issue 13): owns each database's write connection, its prepared
 * statements and the audit chain's tail, and group-commits what the main thread sends,
 * so the fsync of each COMMIT (synchronous=FULL) no longer blocks the event loop that
 * serves HTTP. One thread serves every database the process opens (the host has one;
 * the tests open many, and a thread costs seconds to start on a busy machine).
 *
 * Batches that arrive while a group commits queue here and commit together next, at
 * most MAX_GROUP writes per transaction. Each group's answers go back in one message,
 * only after its COMMIT returned: no write is acknowledged before it is on disk.
 */

const MAX_GROUP = 256;

if (!parentPort) throw new Error('db/writer-thread.ts runs as a worker thread');
const port = parentPort;

interface Writer {
  options: ThreadOptions;
  /** Opened at the first write: the thread starts while the host migrates the file. */
  engine?: GroupCommit;
  queue: WriteJob[];
  closing: boolean;
  sales: number;
}

const writers = new Map<number, Writer>();
const due = new Set<number>();
let scheduled = false;

/** The crash test's hook: the thread ends mid-transaction, before the COMMIT of this group. */
function midGroup(writer: Writer): ((job: GroupJob) => void) | undefined {
  const { dieAtSale } = writer.options;
  if (dieAtSale === undefined) return undefined;
  return (job) => {
    if (job.audit.some((entry) => entry.action === 'sale') && ++writer.sales >= dieAtSale) {
      process.exit(70);
    }
  };
}

function drain(db: number, writer: Writer): void {
  while (writer.queue.length > 0) {
    const group = writer.queue.splice(0, MAX_GROUP);
    writer.engine ??= new GroupCommit(
      openWriteConnection(writer.options.path),
      writer.options.auditKey,
    );
    const started = performance.now();
    const outcomes = writer.engine.commit(group, midGroup(writer));
    const replies: Reply[] = outcomes.map((outcome, i) =>
      outcome.ok
        ? { id: group[i]!.id, ok: true, results: outcome.results }
        : { id: group[i]!.id, ok: false, error: errorToWire(outcome.error) },
    );
    const ms = performance.now() - started;
    port.postMessage({ type: 'group', db, size: group.length, ms, replies } satisfies FromThread);
  }
  if (writer.closing) {
    writer.engine?.close();
    writers.delete(db);
    port.postMessage({ type: 'closed', db } satisfies FromThread);
  }
}

function drainDue(): void {
  scheduled = false;
  for (const db of due) {
    due.delete(db);
    const writer = writers.get(db);
    if (writer) drain(db, writer);
  }
}

port.on('message', (message: ToThread) => {
  if (message.type === 'open') {
    writers.set(message.db, { options: message.options, queue: [], closing: false, sales: 0 });
    return;
  }
  const writer = writers.get(message.db);
  if (!writer) return;
  if (message.type === 'close') writer.closing = true;
  else for (const job of message.jobs) writer.queue.push(job);
  due.add(message.db);
  // On the next turn, not now: batches already in the port's queue join this group.
  if (!scheduled) {
    scheduled = true;
    setImmediate(drainDue);
  }
});
