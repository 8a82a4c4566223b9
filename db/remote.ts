import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { GroupQueue } from '../worker/ledger/batch-writer';
import type { Writer } from '../worker/ledger/writer';
import type { Database } from './client';
import { ReplicationMark, remoteFetch } from './remote-fetch';
import * as schema from './schema';

/**
 * A remote libSQL server (sqld, Turso) over HTTP, the edge host's database (issue 5):
 * the same Database shape as openEmbedded, written in groups of batches in write mode
 * through a GroupQueue of its own (BUSY retried, audit chain kept). Runtime-neutral: it
 * only needs `fetch`, so Node (migrations, seed, tests) and Workers both use it. A
 * Workers request passes its region's Durable Object as `writer` (worker/index.ts) and
 * its isolate's `mark`, so that its reads never fall behind its writes.
 */
export function openRemote(
  url: string,
  authToken?: string,
  mark = new ReplicationMark(),
  writer?: Writer,
): Database {
  if (!/^(https?|libsql):/.test(url)) {
    throw new Error(`openRemote needs an http:, https: or libsql: URL, got ${url}`);
  }
  const client = createClient({ url, authToken, fetch: remoteFetch({ mark }) });
  return {
    client,
    db: drizzle(client, { schema }),
    // Over HTTP there is nothing to prepare; the client keeps the read-your-writes guard.
    reader: client,
    writer: writer ?? new GroupQueue(client),
    async close() {
      client.close();
    },
  };
}
