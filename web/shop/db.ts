import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Product, Profile, Sale, Wallet } from '../shared/types';
import type { OutboxItem } from './outbox/sales';

/**
 * The device's own store (DESIGN 5): the outbox, the last known data and the session,
 * in one IndexedDB database so that one transaction can queue a sale and check it
 * against the known balance. The page and the service worker both open it.
 */

export interface PinVerifier {
  salt: string;
  hash: string;
  iterations: number;
}

export interface Session {
  /** The access token (short-lived). */
  token: string;
  /**
   * Renews `token` (POST /auth/refresh), rotated at each renewal (issue 14 item 7);
   * absent in a session stored before, or once the server refused it.
   */
  refreshToken?: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
  userId: string;
  name: string;
  phone: string;
  /** Unlocks the app offline after inactivity: a slow hash of the PIN, never the PIN. */
  pin: PinVerifier;
}

/** The wallet as last seen, with the user it belongs to and when it was read. */
export interface KnownWallet {
  userId: string;
  wallet: Wallet;
  at: number;
}

export interface KvMap {
  session: Session;
  profile: Profile;
  wallet: KnownWallet;
  products: Product[];
  /** When the sales list was last read from the server. */
  salesAt: number;
}

export interface AirloadSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { userId: string } };
  sales: { key: string; value: Sale };
  kv: { key: keyof KvMap; value: KvMap[keyof KvMap] };
}

export type AirloadDb = IDBPDatabase<AirloadSchema>;

export const DB_NAME = 'airload';

export function openAirloadDb(name = DB_NAME): Promise<AirloadDb> {
  return openDB<AirloadSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('userId', 'userId');
      db.createObjectStore('sales', { keyPath: 'id' });
      db.createObjectStore('kv');
    },
  });
}

export async function getKv<K extends keyof KvMap>(
  db: AirloadDb,
  key: K,
): Promise<KvMap[K] | undefined> {
  return (await db.get('kv', key)) as KvMap[K] | undefined;
}

export async function putKv<K extends keyof KvMap>(
  db: AirloadDb,
  key: K,
  value: KvMap[K],
): Promise<void> {
  await db.put('kv', value, key);
}
