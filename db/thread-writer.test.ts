import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InStatement, LibsqlError } from '@libsql/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../worker/audit/chain';
import { type Database, openEmbedded } from './client';
import { openThreadWriter, type ThreadWriter, WriterThread } from './thread-writer';

let dir: string;
let path: string;
let database: Database;
let writer: ThreadWriter;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airload-writer-'));
  path = join(dir, 'writer.db');
  database = await openEmbedded(`file:${path}`);
  // Checked only at COMMIT: a write that breaks it passes its savepoint, then sinks the group.
  await database.client.execute(`CREATE TABLE deferred_child (
    id INTEGER PRIMARY KEY,
    region_id TEXT REFERENCES regions(id) DEFERRABLE INITIALLY DEFERRED
  )`);
});

beforeEach(async () => {
  await database.client.execute('DELETE FROM regions');
  // The writer's own connection, as openEmbedded gives it.
  writer = openThreadWriter(path);
});

afterEach(async () => {
  await writer.close();
});

afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const insertRegion = (id: string): InStatement => ({
  sql: 'INSERT INTO regions (id, name) VALUES (?, ?) RETURNING id',
  args: [id, `Region ${id}`],
});

async function regionIds(): Promise<string[]> {
  const result = await database.client.execute('SELECT id FROM regions ORDER BY id');
  return result.rows.map((row) => String(row.id));
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `r-${String(i).padStart(3, '0')}`);

const entry = (action: string): AuditEntry => ({
  at: 1_700_000_000_000,
  actorId: null,
  actorRole: null,
  action,
  channel: 'test',
  subject: null,
  detail: {},
});

describe('ThreadWriter', () => {
  it('commits many writes queued at once, in few transactions', async () => {
    const all = ids(200);
    const results = await Promise.all(all.map((id) => writer.write([insertRegion(id)])));
    expect(results).toHaveLength(200);
    expect(await regionIds()).toEqual(all);
    expect(writer.stats().groups).toBeGreaterThan(0);
    expect(writer.stats().groups).toBeLessThan(10);
  });

  it('fails only the write that breaks a constraint; the rest of its group commits', async () => {
    await writer.write([insertRegion('r-taken')]);
    const before = writer.stats().groups;
    const all = ids(20);
    const writes = all.map((id, i) =>
      writer.write(
        i === 10
          ? // Its first statement is fine, its second breaks UNIQUE: the whole write goes.
            [insertRegion('r-half-written'), insertRegion('r-taken')]
          : [insertRegion(id)],
      ),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(
      all.map((_, i) => (i === 10 ? 'rejected' : 'fulfilled')),
    );
    const failure = outcomes[10] as PromiseRejectedResult;
    expect(String(failure.reason)).toMatch(/UNIQUE constraint failed: regions\./);
    expect(await regionIds()).toEqual([...all.filter((_, i) => i !== 10), 'r-taken'].sort());
    // The failing write shared one transaction with the others.
    expect(writer.stats().groups - before).toBe(1);
  });

  it('fails a write with the error @libsql/client gives, whose message violationOf reads', async () => {
    await writer.write([insertRegion('r-taken')], [entry('x.taken')]);
    const refused: InStatement[] = [
      insertRegion('r-taken'),
      // A trigger's RAISE (worker/ledger/violation.ts matches such names).
      { sql: "UPDATE audit_log SET action = 'x.forged' WHERE action = ?", args: ['x.taken'] },
    ];
    for (const statement of refused) {
      const viaWriter = await writer.write([statement]).catch((e: unknown) => e);
      const viaClient: unknown = await database.client.execute(statement).catch((e) => e);
      expect(viaWriter).toBeInstanceOf(LibsqlError);
      expect(viaClient).toBeInstanceOf(LibsqlError);
      const { message, code, extendedCode, rawCode } = viaClient as LibsqlError;
      expect(viaWriter).toMatchObject({ message, code, extendedCode, rawCode });
    }
    const raised = await writer.write([refused[1]!]).catch((e: unknown) => e);
    expect(String(raised)).toBe('LibsqlError: SQLITE_CONSTRAINT: audit_log_append_only');
  });

  it('gives each caller its own results, in the order the writes were queued', async () => {
    const all = ids(50);
    const answered: number[] = [];
    const writes = all.map((id, i) =>
      writer
        .write([
          insertRegion(id),
          { sql: 'SELECT ? AS caller, count(*) AS n FROM regions', args: [i] },
        ])
        .then((results) => {
          answered.push(i);
          return results;
        }),
    );
    const results = await Promise.all(writes);
    results.forEach((result, i) => {
      expect(result).toHaveLength(2);
      expect(result[0]!.rows[0]!.id).toBe(all[i]);
      expect(Number(result[1]!.rows[0]!.caller)).toBe(i);
      // Each write sees the writes queued before it and none after.
      expect(Number(result[1]!.rows[0]!.n)).toBe(i + 1);
    });
    expect(answered).toEqual(all.map((_, i) => i));
  });

  it('reports how many rows each plain write changed, as callers check rowsAffected', async () => {
    await writer.write([insertRegion('r-a'), insertRegion('r-b')]);
    const [renamed, none, inserted] = await writer.write([
      { sql: "UPDATE regions SET name = name || '!' WHERE id IN ('r-a', 'r-b')" },
      { sql: "UPDATE regions SET name = 'y' WHERE id = 'r-none'" },
      { sql: 'INSERT INTO regions (id, name) VALUES (?, ?)', args: ['r-c', 'C'] },
    ]);
    expect(renamed).toMatchObject({ rowsAffected: 2, rows: [], columns: [] });
    expect(none!.rowsAffected).toBe(0);
    expect(inserted!.rowsAffected).toBe(1);
    expect(typeof inserted!.lastInsertRowid).toBe('bigint');
  });

  it('binds an args array to numbered (?1) and named (:name) parameters', async () => {
    const [numbered] = await writer.write([
      {
        sql: 'INSERT INTO regions (id, name) VALUES (?1, ?2 || ?1) RETURNING id, name',
        args: ['r-n', 'Region '],
      },
    ]);
    expect({ ...numbered!.rows[0] }).toEqual({ id: 'r-n', name: 'Region r-n' });
    const [named] = await writer.write([
      {
        sql: 'INSERT INTO regions (id, name) VALUES (:id, :name) RETURNING name',
        args: { ':id': 'r-m', name: 'Named' },
      },
    ]);
    expect(named!.rows[0]!.name).toBe('Named');
  });

  it('appends the audit entries of a write that commits, chained, and none of one that fails', async () => {
    await writer.write([insertRegion('r-taken')]);
    const outcomes = await Promise.allSettled([
      writer.write([insertRegion('r-x')], [entry('chain.first'), entry('chain.second')]),
      writer.write([insertRegion('r-taken')], [entry('chain.refused')]),
      writer.write([insertRegion('r-y')], [entry('chain.third')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const log = await database.client.execute(
      'SELECT seq, action, prev_hash, hash FROM audit_log ORDER BY seq',
    );
    const actions = log.rows.map((row) => String(row.action));
    expect(actions.filter((a) => a.startsWith('chain.'))).toEqual([
      'chain.first',
      'chain.second',
      'chain.third',
    ]);
    for (const [i, row] of log.rows.entries()) {
      expect(Number(row.seq)).toBe(i + 1);
      if (i > 0) expect(row.prev_hash).toBe(log.rows[i - 1]!.hash);
    }
  });

  it('rejects every write of a group whose COMMIT fails, commits none, and goes on', async () => {
    const writes = [
      writer.write([insertRegion('r-1')]),
      // Enforced only with foreign_keys on, and only at COMMIT.
      writer.write([{ sql: 'INSERT INTO deferred_child (region_id) VALUES (?)', args: ['none'] }]),
      writer.write([insertRegion('r-2')]),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await regionIds()).toEqual([]);
    expect(
      (await database.client.execute('SELECT count(*) AS n FROM deferred_child')).rows[0]!.n,
    ).toBe(0);
    await writer.write([insertRegion('r-3')]);
    expect(await regionIds()).toEqual(['r-3']);
  });

  it('finishes what was queued before close() and refuses writes after it', async () => {
    const all = ids(30);
    const writes = all.map((id) => writer.write([insertRegion(id)]));
    await writer.close();
    await expect(Promise.all(writes)).resolves.toHaveLength(30);
    expect(await regionIds()).toEqual(all);
    await expect(writer.write([insertRegion('r-late')])).rejects.toThrow(/closed/);
    expect(await regionIds()).not.toContain('r-late');
  });

  it('reports its queue depth and each group to a listener', async () => {
    const groups: number[] = [];
    const stop = writer.onGroup((size) => groups.push(size));
    const writes = ids(12).map((id) => writer.write([insertRegion(id)]));
    expect(writer.stats().queued).toBe(12);
    await Promise.all(writes);
    stop();
    expect(writer.stats()).toMatchObject({ queued: 0, writes: 12 });
    expect(groups.reduce((sum, n) => sum + n, 0)).toBe(12);
  });
});

describe('a writer whose thread dies in the middle of a group', () => {
  it('refuses the writes of that group and every later one, commits none, and says so once', async () => {
    const fatal: Error[] = [];
    // Its own thread: the process's shared one serves the other writers of this file.
    const doomed = openThreadWriter(path, {
      thread: new WriterThread(),
      dieAtSale: 2,
      onFatal: (e) => fatal.push(e),
    });
    await doomed.write([insertRegion('r-before')], [entry('sale')]);
    const outcomes = await Promise.allSettled(
      ['r-1', 'r-2', 'r-3'].map((id) => doomed.write([insertRegion(id)], [entry('sale')])),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/writer thread ended/);
    await expect(doomed.write([insertRegion('r-late')])).rejects.toThrow(/writer thread ended/);
    expect(fatal).toHaveLength(1);
    expect(await regionIds()).toEqual(['r-before']);
    await doomed.close();
  });
});
