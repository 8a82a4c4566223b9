import { migrateRemote } from '../../db/migrate-remote';
import { openRemote } from '../../db/remote';
import { replicationIndexOf } from '../../db/remote-fetch';
import { ensureSystemAccounts, seedDemo } from '../../db/seed';

/**
 * The edge host's deploy step against a libSQL server's primary: db/migrations with
 * drizzle's migrator, the system accounts, and (when `demo`) DESIGN 8's demo data into
 * an empty database. Returns whether the demo data was seeded now.
 */
export async function prepareDatabase(
  url: string,
  options: { currency?: string; demo?: boolean; authToken?: string } = {},
): Promise<boolean> {
  await migrateRemote(url, options.authToken);
  const database = openRemote(url, options.authToken);
  try {
    const currency = options.currency ?? 'KES';
    await ensureSystemAccounts(database.writer, currency);
    return options.demo === false ? false : await seedDemo(database, currency, Date.now());
  } finally {
    await database.close();
  }
}

async function replicationIndex(url: string): Promise<number> {
  const res = await fetch(`${url}/v2/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }],
    }),
  });
  return replicationIndexOf(await res.text()) ?? 0;
}

/** Waits until the replica at `replicaUrl` has everything the primary had when called. */
export async function replicaCaughtUp(
  primaryUrl: string,
  replicaUrl: string,
  timeoutMs = 30_000,
): Promise<void> {
  const target = await replicationIndex(primaryUrl);
  const deadline = Date.now() + timeoutMs;
  while ((await replicationIndex(replicaUrl)) < target) {
    if (Date.now() > deadline) throw new Error(`the replica did not reach index ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
