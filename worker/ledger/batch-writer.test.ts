import type { Client, InStatement, ResultSet } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/chain';
import { GroupQueue } from './batch-writer';
import { violationOf } from './violation';

/** What a remote libSQL client was asked, and what it answers: scripted per batch call. */
function fakeClient(answers: Array<(statements: InStatement[]) => ResultSet[] | Error>) {
  const batches: InStatement[][] = [];
  let tail = { seq: 0, hash: '0'.repeat(64) };
  const client = {
    async execute() {
      return { rows: [tail], columns: [], rowsAffected: 0 } as unknown as ResultSet;
    },
    async batch(statements: InStatement[]) {
      batches.push(statements);
      const answer = answers.shift() ?? ((s: InStatement[]) => s.map(result));
      const outcome = answer(statements);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  } as unknown as Client;
  return {
    client,
    batches,
    moveTail(seq: number) {
      tail = { seq, hash: String(seq).repeat(64).slice(0, 64) };
    },
  };
}

const result = () => ({ rows: [], columns: [], rowsAffected: 1 }) as unknown as ResultSet;
const ok = (statements: InStatement[]) => statements.map(result);
const busy = () => new Error('SQLITE_BUSY: SQLite error: database is locked');
const refused = (statementIndex: number) =>
  Object.assign(new Error('SQLITE_CONSTRAINT: CHECK constraint failed: wallet_not_overdrawn'), {
    statementIndex,
  });
const sqlOf = (s: InStatement) => (typeof s === 'string' ? s : s.sql);
const fast = { backoff: { baseMs: 1, capMs: 2 } };

const entry: AuditEntry = {
  at: 1,
  actorId: 'u',
  actorRole: 'retailer',
  action: 'sale',
  channel: 'app',
  subject: null,
  detail: {},
};

describe('GroupQueue on a remote libSQL server', () => {
  it('tries a batch the database answered with BUSY again, and the caller never sees BUSY', async () => {
    const fake = fakeClient([busy, busy, busy, ok]);
    const writer = new GroupQueue(fake.client, fast);
    await expect(writer.write(['INSERT 1'])).resolves.toHaveLength(1);
    expect(fake.batches).toHaveLength(4);
  });

  it('gives up on BUSY only when its time budget is spent', async () => {
    const fake = fakeClient(Array.from({ length: 1_000 }, () => busy));
    const writer = new GroupQueue(fake.client, { backoff: { baseMs: 1, capMs: 2, budgetMs: 30 } });
    const error = await writer.write(['INSERT 1']).catch((e: unknown) => e);
    expect(violationOf(error)).toBe('busy');
  });

  it('chains audit entries on the new tail after another writer appended first', async () => {
    const fake = fakeClient([() => new Error('UNIQUE constraint failed: audit_log.prev_hash')]);
    const writer = new GroupQueue(fake.client, fast);
    fake.moveTail(7);
    await writer.write(['INSERT 1'], [entry]);
    // The retry read the tail again: the entry became seq 8 (args[0] of the audit insert).
    const audit = fake.batches.at(-1)!.at(-1)!;
    expect(typeof audit === 'string' ? undefined : (audit.args as unknown[])[0]).toBe(8);
    expect(fake.batches).toHaveLength(2);
  });

  it('commits writes that queue together in one batch, each with its own results', async () => {
    const fake = fakeClient([ok, ok]);
    const queue = new GroupQueue(fake.client, fast);
    const writes = Array.from({ length: 5 }, (_, i) =>
      queue.write([`HOLD ${i}`, `UPDATE ${i}`], [entry]),
    );
    const results = await Promise.all(writes);
    expect(results.map((r) => r.length)).toEqual([2, 2, 2, 2, 2]);
    // The first leads alone; the four that queued meanwhile share the next batch.
    expect(fake.batches.map((b) => b.filter((s) => sqlOf(s).startsWith('HOLD ')).length)).toEqual([
      1, 4,
    ]);
  });

  it('fails only the write a constraint refused; the others of its batch commit', async () => {
    // Batch 2 holds writes 1-4, three statements each (two and an audit insert): refuse write 2.
    const fake = fakeClient([ok, () => refused(4), ok]);
    const queue = new GroupQueue(fake.client, fast);
    const writes = Array.from({ length: 5 }, (_, i) =>
      queue.write([`HOLD ${i}`, `UPDATE ${i}`], [entry]),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(violationOf((outcomes[2] as PromiseRejectedResult).reason)).toBe('insufficient_funds');
    const retried = fake.batches[2]!.map(sqlOf).filter((s) => s.startsWith('HOLD '));
    expect(retried).toEqual(['HOLD 1', 'HOLD 3', 'HOLD 4']);
  });
});
