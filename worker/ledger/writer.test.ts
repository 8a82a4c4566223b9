import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, type InStatement } from '@libsql/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openEmbedded } from '../../db/client';
import { GroupCommitWriter } from './writer';

let dir: string;
let url: string;
let database: Database;
let writeClient: Client;
let writer: GroupCommitWriter;
/** How many transactions the writer under test opened: fewer than writes means it grouped them. */
let transactions = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airload-writer-'));
  url = `file:${join(dir, 'writer.db')}`;
  database = await openEmbedded(url);
});

beforeEach(async () => {
  await database.client.execute('DELETE FROM regions');
  // The writer's own connection (as openEmbedded gives it), counted.
  writeClient ??= createClient({ url, concurrency: 1 });
  const counted = new Proxy(writeClient, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return (...args: Parameters<Client['transaction']>) => {
          transactions++;
          return target.transaction(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  writer = new GroupCommitWriter(counted);
  transactions = 0;
});

afterAll(async () => {
  await writer.close();
  writeClient.close();
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

describe('GroupCommitWriter', () => {
  it('commits many writes queued at once, in few transactions', async () => {
    const all = ids(200);
    const results = await Promise.all(all.map((id) => writer.write([insertRegion(id)])));
    expect(results).toHaveLength(200);
    expect(await regionIds()).toEqual(all);
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(10);
  });

  it('fails only the write that breaks a constraint; the rest of its group commits', async () => {
    await writer.write([insertRegion('r-taken')]);
    transactions = 0;
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
    // The failing write shared a transaction with others (the first write goes alone).
    expect(transactions).toBeLessThanOrEqual(2);
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

  it('finishes what was queued before close() and refuses writes after it', async () => {
    const all = ids(30);
    const writes = all.map((id) => writer.write([insertRegion(id)]));
    await writer.close();
    await expect(Promise.all(writes)).resolves.toHaveLength(30);
    expect(await regionIds()).toEqual(all);
    await expect(writer.write([insertRegion('r-late')])).rejects.toThrow(/closed/);
    expect(await regionIds()).not.toContain('r-late');
  });
});
