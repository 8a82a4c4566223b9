import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { BatchWriter, type LaneOptions, WriteLane } from '../worker/ledger/batch-writer';
import type { Database } from './client';
import { ReplicationMark, remoteFetch } from './remote-fetch';
import * as schema from './schema';

/**
 * What outlives a request on a remote database: the write lane (group commit and the
 * audit chain's tail, worker/ledger/batch-writer.ts) and the replication mark that
 * keeps reads from falling behind this host's writes (remote-fetch.ts). One per Workers
 * isolate (worker/index.ts), one per database elsewhere.
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
 * the same Database shape as openEmbedded, written through BatchWriter (one batch in
 * write mode per write, BUSY retried, audit chain kept). Runtime-neutral: it only needs
 * `fetch`, so Node (migrations, seed, tests) and Workers both use it.
 */
export function openRemote(
  url: string,
  authToken?: string,
  state: RemoteState = remoteState(),
): Database {
  if (!/^(https?|libsql):/.test(url)) {
    throw new Error(`openRemote needs an http:, https: or libsql: URL, got ${url}`);
  }
  const client = createClient({ url, authToken, fetch: remoteFetch({ mark: state.mark }) });
  return {
    client,
    db: drizzle(client, { schema }),
    writer: new BatchWriter(client, state.lane),
    async close() {
      client.close();
    },
  };
}
