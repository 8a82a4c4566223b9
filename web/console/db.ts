import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { createOutboxStore } from '../shared/outbox/outbox';
import type { ConsoleSession } from './session';

/**
 * The console's own IndexedDB database (issue 9), apart from the shop's: a staff member's
 * session, and (with the visits) the outbox of requests made offline.
 */
export interface ConsoleKv {
  session: ConsoleSession;
}

export interface ConsoleSchema extends DBSchema {
  kv: { key: keyof ConsoleKv; value: ConsoleKv[keyof ConsoleKv] };
  /** Visits recorded offline (manager/visit-queue.ts), on the shared outbox machinery. */
  visits: { key: string; value: { key: string; userId: string }; indexes: { userId: string } };
}

export type ConsoleDb = IDBPDatabase<ConsoleSchema>;

export const CONSOLE_DB_NAME = 'airload-console';

export function openConsoleDb(name = CONSOLE_DB_NAME): Promise<ConsoleDb> {
  return openDB<ConsoleSchema>(name, 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) db.createObjectStore('kv');
      if (oldVersion < 2) createOutboxStore(db, 'visits');
    },
  });
}

export async function getKv<K extends keyof ConsoleKv>(
  db: ConsoleDb,
  key: K,
): Promise<ConsoleKv[K] | undefined> {
  return (await db.get('kv', key)) as ConsoleKv[K] | undefined;
}

export async function putKv<K extends keyof ConsoleKv>(
  db: ConsoleDb,
  key: K,
  value: ConsoleKv[K],
): Promise<void> {
  await db.put('kv', value, key);
}
