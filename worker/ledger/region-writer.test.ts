import type { Client, InStatement, ResultSet } from '@libsql/client';
import { LibsqlBatchError } from '@libsql/core/api';
import { describe, expect, it } from 'vitest';
import { ReplicationMark } from '../../db/remote-fetch';
import type { AuditEntry } from '../audit/chain';
import { GroupQueue } from './batch-writer';
import {
  decodeWire,
  encodeWire,
  RegionClient,
  type RegionStub,
  RegionWriterCore,
  respond,
} from './region-writer';
import { violationOf } from './violation';

/**
 * The region's Durable Object (issue 13) in-process: isolates' RegionClients talk to
 * its core through the same wire as under workerd (respond), over a fake libSQL client
 * whose batches the test answers when it chooses.
 */

interface Batch {
  statements: InStatement[];
  answer(outcome: 'ok' | Error): void;
}

function fakeDatabase(replicationIndex = 0) {
  const batches: Batch[] = [];
  const waiting: Array<(batch: Batch) => void> = [];
  const mark = new ReplicationMark();
  const client = {
    async execute() {
      return { rows: [{ seq: 0, hash: '0'.repeat(64) }] } as unknown as ResultSet;
    },
    batch(statements: InStatement[]) {
      return new Promise<ResultSet[]>((resolve, reject) => {
        const batch: Batch = {
          statements,
          answer(outcome) {
            if (outcome instanceof Error) return reject(outcome);
            mark.value = Math.max(mark.value, ++replicationIndex);
            resolve(statements.map(resultOf));
          },
        };
        batches.push(batch);
        waiting.shift()?.(batch);
      });
    },
  } as unknown as Client;
  const core = new RegionWriterCore(new GroupQueue(client, { maxGroup: 64 }), mark);
  return {
    batches,
    /** The next batch the writer sends (already sent, or when it is). */
    next(): Promise<Batch> {
      const sent = batches.find((b) => !answered.has(b));
      const found = sent ? Promise.resolve(sent) : new Promise<Batch>((r) => waiting.push(r));
      return found.then((b) => {
        answered.add(b);
        return b;
      });
    },
    /** An isolate: its own mark, its own stub to the one Durable Object. */
    isolate() {
      const isolateMark = new ReplicationMark();
      const stub: RegionStub = {
        fetch: (url, init) => respond(core, new Request(url, init)),
      };
      return { mark: isolateMark, writer: new RegionClient(stub, isolateMark) };
    },
  };
}
const answered = new WeakSet<Batch>();

/** Each statement's result: its SQL echoed as a row, and the row id of an insert. */
function resultOf(statement: InStatement): ResultSet {
  const sql = typeof statement === 'string' ? statement : statement.sql;
  const row = Object.assign([sql], { sql });
  return {
    columns: ['sql'],
    columnTypes: ['TEXT'],
    rows: [row],
    rowsAffected: 1,
    lastInsertRowid: 41n,
    toJSON: () => ({}),
  } as unknown as ResultSet;
}

const holdOf = (s: InStatement) => (typeof s === 'string' ? s : s.sql).startsWith('HOLD ');

const entry: AuditEntry = {
  at: 1,
  actorId: 'u-ret-101',
  actorRole: 'retailer',
  action: 'sale',
  channel: 'app',
  subject: 's-1',
  detail: { amount: 1_000 },
};

/** Lets every pending message and timer of this turn run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the region writer (Durable Object)', () => {
  it('commits the writes of several isolates that arrive during a batch in one group', async () => {
    const db = fakeDatabase();
    const isolates = Array.from({ length: 4 }, () => db.isolate());
    const first = isolates[0]!.writer.write(['HOLD 0'], [entry]);
    const batch1 = await db.next();
    const rest = isolates.flatMap((isolate, i) =>
      [1, 2].map((n) => isolate.writer.write([`HOLD ${i}-${n}`, 'UPDATE'], [entry])),
    );
    await settled();
    // While the first batch is out, the eight later writes wait for the next.
    expect(db.batches).toHaveLength(1);
    batch1.answer('ok');
    const batch2 = await db.next();
    expect(batch2.statements.filter(holdOf)).toHaveLength(8);
    batch2.answer('ok');
    const results = await Promise.all([first, ...rest]);
    expect(results.map((r) => r.length)).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 2]);
    // Rows come back readable by column name, as @libsql/client's.
    expect(results[1]![0]!.rows[0]!.sql).toBe('HOLD 0-1');
    expect(results[1]![0]!.lastInsertRowid).toBe(41n);
  });

  it('acknowledges no write before its group’s batch has committed', async () => {
    const db = fakeDatabase();
    let acknowledged = false;
    const write = db
      .isolate()
      .writer.write(['HOLD 1'], [entry])
      .then(() => {
        acknowledged = true;
      });
    const batch = await db.next();
    await settled();
    expect(acknowledged).toBe(false);
    batch.answer('ok');
    await write;
    expect(acknowledged).toBe(true);
  });

  it('fails alone the write a constraint refused, with the database’s error; the rest commit', async () => {
    const db = fakeDatabase();
    const { writer } = db.isolate();
    const first = writer.write(['HOLD first']);
    const head = await db.next();
    const writes = [0, 1, 2].map((i) => writer.write([`HOLD ${i}`, 'UPDATE'], [entry]));
    await settled();
    head.answer('ok');
    // The group's batch holds the three writes, each with its audit entry: refuse write 1's UPDATE.
    const group = await db.next();
    const at = group.statements.indexOf('HOLD 1') + 1;
    const refusal = new LibsqlBatchError(
      'CHECK constraint failed: wallet_not_overdrawn',
      at,
      'SQLITE_CONSTRAINT',
    );
    group.answer(refusal);
    const retry = await db.next();
    expect(retry.statements.filter(holdOf)).toEqual(['HOLD 0', 'HOLD 2']);
    retry.answer('ok');
    const outcomes = await Promise.allSettled([first, ...writes]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const error = (outcomes[2] as PromiseRejectedResult).reason;
    expect(violationOf(error)).toBe('insufficient_funds');
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT' });
  });

  it('fails every write of a group whose batch did not commit, and none is acknowledged', async () => {
    const db = fakeDatabase();
    const { writer } = db.isolate();
    const first = writer.write(['HOLD first']);
    const head = await db.next();
    const writes = [0, 1].map((i) => writer.write([`HOLD ${i}`]));
    await settled();
    head.answer('ok');
    (await db.next()).answer(new Error('fetch failed: the connection was reset'));
    const outcomes = await Promise.allSettled([first, ...writes]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });

  it('gives each isolate the replication index its write reached, for its reads', async () => {
    const db = fakeDatabase(100);
    const isolate = db.isolate();
    const write = isolate.writer.write(['HOLD 1']);
    (await db.next()).answer('ok');
    await write;
    expect(isolate.mark.value).toBe(101);
  });
});

describe('the region writer’s wire', () => {
  it('keeps bigints and bytes (a visit’s photo) across JSON', () => {
    // Longer than one chunk of toBase64.
    const photo = new Uint8Array(40_000).map((_, i) => i % 251);
    const sent = { id: 7n, photo, buffer: Buffer.from([1, 2, 3]), text: 'ok', n: 1.5, none: null };
    const back = decodeWire(encodeWire(sent)) as Record<string, unknown>;
    expect(back.id).toBe(7n);
    expect(Buffer.from(back.photo as ArrayBuffer).equals(photo)).toBe(true);
    expect(new Uint8Array(back.buffer as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect([back.text, back.n, back.none]).toEqual(['ok', 1.5, null]);
  });
});
