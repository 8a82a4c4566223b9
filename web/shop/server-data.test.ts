import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sale } from '../shared/types';
import { getKv, openAirloadDb } from './db';
import { aSale } from './sale-fixture';
import { forgetServerData, type ServerData, storeServerData } from './server-data';

const sale = (id: string): Sale => aSale({ id, created_at: '2025-06-15T09:00:00.000Z' });
const data = (sales: Sale[]): ServerData => ({
  profile: {
    id: 'u-ret-101',
    role: 'retailer',
    name: 'Demo Shop 101',
    phone: '+254700000101',
    email: null,
    region_id: 'r-demo',
    currency: 'KES',
    country: 'KE',
    timezone: 'Africa/Nairobi',
    limits: { min_sale: 500, max_sale: 1_000_000, daily_limit: 5_000_000 },
  },
  wallet: { available: 4_990_000, held: 0, commission: 600, currency: 'KES' },
  products: [],
  sales,
  disputes: [],
});

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('last known data', () => {
  it("keeps what the server said, for this user, and the server's sales only", async () => {
    const db = await openAirloadDb();
    await storeServerData(db, 'u-ret-101', data([sale('a'), sale('b')]), 1_000);
    await storeServerData(db, 'u-ret-101', data([sale('b'), sale('c')]), 2_000);
    expect((await db.getAllKeys('sales')).sort()).toEqual(['b', 'c']);
    expect(await getKv(db, 'wallet')).toEqual({
      userId: 'u-ret-101',
      at: 2_000,
      wallet: data([]).wallet,
    });
    expect((await getKv(db, 'profile'))?.name).toBe('Demo Shop 101');
  });

  it("forgets the last shopkeeper's data but not the outbox", async () => {
    const db = await openAirloadDb();
    await storeServerData(db, 'u-ret-101', data([sale('a')]));
    await db.put('outbox', {
      key: 'k',
      userId: 'u-ret-101',
      msisdn: '+254712345678',
      amount: 500,
      currency: 'KES',
      createdAt: 0,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
    });
    await forgetServerData(db);
    expect(await db.count('sales')).toBe(0);
    expect(await getKv(db, 'wallet')).toBeUndefined();
    expect(await getKv(db, 'profile')).toBeUndefined();
    expect(await getKv(db, 'disputes')).toBeUndefined();
    expect(await db.count('outbox')).toBe(1);
  });
});
