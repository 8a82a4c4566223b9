import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies db/migrations to a remote libSQL server (its primary) from Node, with
 * drizzle's migrator: the edge host's deploy step (`npm run dev:edge`, the edge tests).
 */
export async function migrateRemote(url: string, authToken?: string): Promise<void> {
  const client = createClient({ url, authToken });
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    client.close();
  }
}
