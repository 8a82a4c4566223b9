import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Writer } from '../worker/ledger/writer';
import { openPreparedWriter } from './prepared-writer';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  /** Reads (and, in tests, direct inspection). */
  client: Client;
  db: Db;
  /** Every money-moving write goes through here. */
  writer: Writer;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The embedded database of the Node host: a libSQL file in WAL mode with
 * synchronous=FULL (a sale is acknowledged only once it is on disk), read through a
 * pooled client and written through one group-commit writer on its own raw libsql
 * connection, which keeps its prepared statements (db/prepared-writer.ts).
 */
export async function openEmbedded(
  url: string,
  options: { auditKey?: string } = {},
): Promise<Database> {
  if (!url.startsWith('file:')) throw new Error(`openEmbedded needs a file: URL, got ${url}`);
  const path = url.slice('file:'.length);
  if (path.includes(':memory:'))
    throw new Error('Use a file, not :memory: (reads and writes use separate connections)');
  mkdirSync(dirname(path), { recursive: true });

  const migrationClient = createClient({ url, concurrency: 1 });
  try {
    await migrationClient.execute('PRAGMA journal_mode = WAL');
    await migrationClient.execute('PRAGMA synchronous = FULL');
    await migrationClient.execute('PRAGMA busy_timeout = 5000');
    await migrate(drizzle(migrationClient), { migrationsFolder });
  } finally {
    migrationClient.close();
  }

  const client = createClient({ url });
  await client.execute('PRAGMA busy_timeout = 5000');
  const writer = openPreparedWriter(path, options.auditKey);
  return {
    client,
    db: drizzle(client, { schema }),
    writer,
    async close() {
      await writer.close();
      client.close();
    },
  };
}
