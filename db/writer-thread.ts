import { parentPort, workerData } from 'node:worker_threads';
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
 * The writer thread (issue 13): owns the write connection, its prepared statements and
 * the audit chain's tail, and group-commits what the main thread sends, so the fsync of
 * each COMMIT (synchronous=FULL) no longer blocks the event loop that serves HTTP.
 *
 * Batches that arrive while a group commits queue here and commit together next, at
 * most MAX_GROUP writes per transaction. Each group's answers go back in one message,
 * only after its COMMIT returned: no write is acknowledged before it is on disk.
 */

const MAX_GROUP = 256;

if (!parentPort) throw new Error('db/writer-thread.ts runs as a worker thread');
const port = parentPort;
const options = workerData as ThreadOptions;
/** Opened at the first write: the thread starts while the host migrates the file. */
let opened: GroupCommit | undefined;
const engine = () => {
  opened ??= new GroupCommit(openWriteConnection(options.path));
  return opened;
};

const queue: WriteJob[] = [];
let scheduled = false;
let closing = false;
let sales = 0;

/** The crash test's hook: the thread ends mid-transaction, before the COMMIT of this group. */
const midGroup =
  options.dieAtSale === undefined
    ? undefined
    : (job: GroupJob) => {
        if (job.audit.some((entry) => entry.action === 'sale') && ++sales >= options.dieAtSale!) {
          process.exit(70);
        }
      };

function drain(): void {
  scheduled = false;
  while (queue.length > 0) {
    const group = queue.splice(0, MAX_GROUP);
    const started = performance.now();
    const outcomes = engine().commit(group, midGroup);
    const replies: Reply[] = outcomes.map((outcome, i) =>
      outcome.ok
        ? { id: group[i]!.id, ok: true, results: outcome.results }
        : { id: group[i]!.id, ok: false, error: errorToWire(outcome.error) },
    );
    const message: FromThread = {
      type: 'group',
      size: group.length,
      ms: performance.now() - started,
      replies,
    };
    port.postMessage(message);
  }
  if (closing) {
    opened?.close();
    port.close();
  }
}

port.on('message', (message: ToThread) => {
  if (message.type === 'close') closing = true;
  else for (const job of message.jobs) queue.push(job);
  // On the next turn, not now: batches already in the port's queue join this group.
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
});
