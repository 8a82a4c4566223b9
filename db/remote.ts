import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { BatchWriter, WriteLane } from '../worker/ledger/batch-writer';
import type { Database } from './client';
import { readYourWrites } from './read-your-writes';
import * as schema from './schema';

/**
 * A remote libSQL server (sqld, Turso) over HTTP, the edge host's database (issue 5):
 * the same Database shape as openEmbedded, written through BatchWriter (one batch in
 * write mode per write, BUSY retried, audit chain kept). Runtime-neutral: it only needs
 * `fetch`, so Node (migrations, seed, tests) and Workers both use it.
 *
 * `lane` is what outlives a request on Workers (worker/index.ts keeps one per isolate);
 * elsewhere each database gets its own.
 */
export function openRemote(url: string, authToken?: string, lane = new WriteLane()): Database {
  if (!/^(https?|libsql):/.test(url)) {
    throw new Error(`openRemote needs an http:, https: or libsql: URL, got ${url}`);
  }
  const client = createClient({ url, authToken, fetch: readYourWrites() });
  return {
    client,
    db: drizzle(client, { schema }),
    writer: new BatchWriter(client, lane),
    async close() {
      client.close();
    },
  };
}
