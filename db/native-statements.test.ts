import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, type InStatement } from '@libsql/client';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementCache } from './native-statements';

let dir: string;
let connection: InstanceType<typeof Database>;
let client: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airload-statements-'));
  const path = join(dir, 'statements.db');
  connection = new Database(path);
  connection.exec(
    'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, n INTEGER, blob BLOB)',
  );
  client = createClient({ url: `file:${path}` });
});

afterAll(() => {
  client.close();
  connection.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('StatementCache', () => {
  it('keeps at most its capacity of statements, dropping the least recently used', () => {
    const statements = new StatementCache(connection, 3);
    for (let i = 0; i < 10; i++) statements.execute({ sql: `SELECT ${i} AS i` });
    expect(statements.size).toBe(3);
  });

  it('runs a cached statement again after it failed, with fresh arguments', () => {
    const statements = new StatementCache(connection);
    const insert = (name: string): InStatement => ({
      sql: 'INSERT INTO items (name) VALUES (?)',
      args: [name],
    });
    statements.execute(insert('again'));
    expect(() => statements.execute(insert('again'))).toThrow(/UNIQUE constraint failed/);
    expect(statements.execute(insert('again-2')).rowsAffected).toBe(1);
    expect(statements.size).toBe(1);
  });

  it('reads rows as @libsql/client does: by index and name, integers as numbers, blobs as ArrayBuffer', async () => {
    const statements = new StatementCache(connection);
    statements.execute({
      sql: 'INSERT INTO items (name, n, blob) VALUES (?, ?, ?)',
      args: ['rows', 42n, new Uint8Array([1, 2, 3])],
    });
    const select: InStatement = {
      sql: 'SELECT name, n, blob, n IS NULL AS missing FROM items WHERE name = ?',
      args: ['rows'],
    };
    const mine = statements.execute(select);
    const theirs = await client.execute(select);
    expect(mine.columns).toEqual(theirs.columns);
    expect(mine.rows).toEqual(theirs.rows);
    expect(mine.rows[0]![1]).toBe(42);
    expect(mine.rows[0]!.n).toBe(42);
    expect(mine.rows[0]!.length).toBe(4);
    expect([...new Uint8Array(mine.rows[0]!.blob as ArrayBuffer)]).toEqual([1, 2, 3]);
  });
});
