import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import {
  BatchWriter,
  GroupQueue,
  type LaneOptions,
  WriteLane,
} from '../worker/ledger/batch-writer';
import type { Database } from './client';
import { ReplicationMark, remoteFetch } from './remote-fetch';
import * as schema from './schema';

/**
 * What outlives a request on a remote database, one per Workers isolate
 * (worker/index.ts): the replication mark that keeps reads from falling behind this
 * isolate's writes (remote-fetch.ts), and the isolate's own write lane, used only with
 * EDGE_WRITER=isolate (otherwise the region's writer, a Durable Object, writes).
 */
export interface RemoteState {
  lane: WriteLane;
  mark: ReplicationMark;
}

export const remoteState = (options: LaneOptions = {}): RemoteState => ({
  lane: new WriteLane(options),
  mark: new ReplicationMark(),
});

/**
 * A remote libSQL server (sqld, Turso) over HTTP, the edge host's database (issue 5):
 * the same Database shape as openEmbedded, written in groups of batches in write mode
 * (BUSY retried, audit chain kept). Runtime-neutral: it only needs `fetch`, so Node
 * (migrations, seed, tests) and Workers both use it. Without `state` (one long-lived
 * client, as on Node) the writes go through a GroupQueue of their own; with an isolate's
 * `state`, through its lane, since each request brings its own client.
 */
export function openRemote(url: string, authToken?: string, state?: RemoteState): Database {
  if (!/^(https?|libsql):/.test(url)) {
    throw new Error(`openRemote needs an http:, https: or libsql: URL, got ${url}`);
  }
  const mark = state?.mark ?? new ReplicationMark();
  const client = createClient({ url, authToken, fetch: remoteFetch({ mark }) });
  return {
    client,
    db: drizzle(client, { schema }),
    // Over HTTP there is nothing to prepare; the client keeps the read-your-writes guard.
    reader: client,
    writer: state ? new BatchWriter(client, state.lane) : new GroupQueue(client),
    async close() {
      client.close();
    },
  };
}
