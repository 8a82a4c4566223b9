import { type Client, createClient, type InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicationMark, remoteFetch } from '../../db/remote-fetch';
import { prepareDatabase } from '../../scripts/edge/database';
import { type Sqld, startSqld } from '../../scripts/edge/sqld';
import type { AuditEntry } from '../../worker/audit/chain';
import { entryHash, GENESIS } from '../../worker/audit/chain';
import { GroupQueue } from '../../worker/ledger/batch-writer';
import { RegionClient, RegionWriterCore, respond } from '../../worker/ledger/region-writer';
import { violationOf } from '../../worker/ledger/violation';
import type { Writer } from '../../worker/ledger/writer';

/**
 * Sixteen writers on one sqld at once:
 * - Workers isolates through the region's single writer (issue 13, the Durable Object's
 *   logic over the same wire as under workerd): one group commit for all, so the
 *   database never answers BUSY and no write chains on a tail another has moved;
 * - sixteen processes each with a group-commit queue of its own (as the Workers
 *   isolates had before issue 13, and as a migration or a second host may still write
 *   next to the Durable Object): the database answers some with SQLITE_BUSY and some
 *   chain on a stale tail, and no write may fail for it, nor the audit chain fork.
 */
let sqld: Sqld;
let busy = 0;
let races = 0;
let batches = 0;

/** A client that counts the BUSY answers and chain races the writer absorbed. */
function countingClient(url: string): Client {
  const client = createClient({ url, fetch: remoteFetch() });
  const batch = client.batch.bind(client);
  return Object.assign(client, {
    batch: async (statements: InStatement[], mode?: 'write' | 'read' | 'deferred') => {
      batches++;
      try {
        return await batch(statements, mode);
      } catch (error) {
        if (violationOf(error) === 'busy') busy++;
        if (/audit_log/.test(String(error))) races++;
        throw error;
      }
    },
  });
}

beforeAll(async () => {
  sqld = await startSqld();
  await prepareDatabase(sqld.url, { demo: false });
});
afterAll(() => sqld?.stop());

const entry = (subject: string, host: number): AuditEntry => ({
  at: Date.now(),
  actorId: null,
  actorRole: 'system',
  action: 'region',
  channel: 'test',
  subject,
  detail: { host },
});

/** Ten writes from each of `writers` at once, each a region row and its audit entry. */
function writeFromEach(writers: Writer[], prefix: string) {
  return Promise.allSettled(
    writers.flatMap((writer, h) =>
      Array.from({ length: 10 }, (_, i) =>
        writer.write(
          [
            {
              sql: 'INSERT INTO regions (id, name) VALUES (?, ?)',
              args: [`${prefix}-${h}-${i}`, `Region ${prefix} ${h}-${i}`],
            },
          ],
          [entry(`${prefix}-${h}-${i}`, h)],
        ),
      ),
    ),
  );
}

/** Every write of `prefix` is in, and the whole audit chain links and hashes from genesis. */
async function expectCommittedOnOneChain(prefix: string, writes: number) {
  const check = createClient({ url: sqld.url });
  const regions = await check.execute({
    sql: 'SELECT count(*) AS n FROM regions WHERE id LIKE ?',
    args: [`${prefix}-%`],
  });
  expect(Number(regions.rows[0]!.n)).toBe(writes);
  const { rows } = await check.execute('SELECT * FROM audit_log ORDER BY seq');
  check.close();
  let tail = GENESIS;
  for (const row of rows) {
    expect([Number(row.seq), row.prev_hash]).toEqual([tail.seq + 1, tail.hash]);
    const hash = entryHash(
      Number(row.seq),
      String(row.prev_hash),
      {
        at: Number(row.at),
        actorId: row.actor_id === null ? null : String(row.actor_id),
        actorRole: row.actor_role === null ? null : String(row.actor_role),
        action: String(row.action),
        channel: String(row.channel),
        subject: row.subject === null ? null : String(row.subject),
        detail: {},
      },
      String(row.detail),
    );
    expect(row.hash).toBe(hash);
    tail = { seq: Number(row.seq), hash };
  }
  expect(rows.filter((r) => String(r.subject).startsWith(`${prefix}-`))).toHaveLength(writes);
}

describe('isolates writing through the region writer', () => {
  it('commits every write of 16 isolates in shared groups, with no BUSY and no chain race', async () => {
    const client = countingClient(sqld.url);
    const mark = new ReplicationMark();
    const core = new RegionWriterCore(new GroupQueue(client, { maxGroup: 64 }), mark);
    const isolates = Array.from(
      { length: 16 },
      () =>
        new RegionClient(
          { fetch: (url, init) => respond(core, new Request(url, init)) },
          new ReplicationMark(),
        ),
    );
    [busy, races, batches] = [0, 0, 0];
    const outcomes = await writeFromEach(isolates, 'do');
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect([busy, races]).toEqual([0, 0]);
    // 160 writes, grouped: far fewer batches than writes.
    expect(batches).toBeLessThan(40);
    await expectCommittedOnOneChain('do', 160);
    console.log(`the region writer: 160 writes in ${batches} batches`);
  }, 60_000);
});

describe('writers each with a queue of their own', () => {
  it('commits every write of 16 hosts writing at once, on one unbroken audit chain', async () => {
    const hosts = Array.from({ length: 16 }, () => new GroupQueue(countingClient(sqld.url)));
    [busy, races, batches] = [0, 0, 0];
    const outcomes = await writeFromEach(hosts, 'lane');
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    await expectCommittedOnOneChain('lane', 160);
    console.log(`absorbed by the queues: ${busy} BUSY answers, ${races} chain races`);
  }, 60_000);
});
