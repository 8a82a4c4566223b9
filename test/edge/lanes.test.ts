import { type Client, createClient, type InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteFetch } from '../../db/remote-fetch';
import { prepareDatabase } from '../../scripts/edge/database';
import { type Sqld, startSqld } from '../../scripts/edge/sqld';
import { entryHash, GENESIS } from '../../worker/audit/chain';
import { BatchWriter, WriteLane } from '../../worker/ledger/batch-writer';
import { violationOf } from '../../worker/ledger/violation';

/**
 * Several hosts (Workers isolates: one write lane each) writing to one sqld at once,
 * the way a region's Workers share its database (issue 5): the database answers some
 * with SQLITE_BUSY and some chain on a tail another host has already moved, and no
 * write may fail for it, nor the audit chain fork.
 */
let sqld: Sqld;
let busy = 0;
let races = 0;

/** A client that counts the BUSY answers and chain races the writer absorbed. */
function countingClient(url: string): Client {
  const client = createClient({ url, fetch: remoteFetch() });
  const batch = client.batch.bind(client);
  return Object.assign(client, {
    batch: async (statements: InStatement[], mode?: 'write' | 'read' | 'deferred') => {
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

describe('hosts sharing one sqld primary', () => {
  it('commits every write of 16 hosts writing at once, on one unbroken audit chain', async () => {
    const hosts = Array.from({ length: 16 }, () => ({
      client: countingClient(sqld.url),
      lane: new WriteLane(),
    }));
    const writes = hosts.flatMap((host, h) =>
      Array.from({ length: 10 }, (_, i) =>
        new BatchWriter(host.client, host.lane).write(
          [
            {
              sql: 'INSERT INTO regions (id, name) VALUES (?, ?)',
              args: [`r-${h}-${i}`, `Region ${h}-${i}`],
            },
          ],
          [
            {
              at: Date.now(),
              actorId: null,
              actorRole: 'system',
              action: 'region',
              channel: 'test',
              subject: `r-${h}-${i}`,
              detail: { host: h },
            },
          ],
        ),
      ),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);

    const check = createClient({ url: sqld.url });
    const regions = await check.execute(`SELECT count(*) AS n FROM regions WHERE id LIKE 'r-%'`);
    expect(Number(regions.rows[0]!.n)).toBe(160);
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
    expect(rows.filter((r) => r.action === 'region')).toHaveLength(160);
    console.log(`absorbed by the writers: ${busy} BUSY answers, ${races} chain races`);
  }, 60_000);
});
