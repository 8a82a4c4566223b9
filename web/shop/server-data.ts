import { api } from '../shared/api';
import type {
  Dispute,
  DisputePage,
  Product,
  Products,
  Profile,
  Sale,
  SalePage,
  Wallet,
} from '../shared/types';
import type { AirloadDb } from './db';

/**
 * The last known data (DESIGN 5: profile, balances, products, recent sales): read from
 * the API when online and kept in IndexedDB, which the screens read offline.
 */

export interface ServerData {
  profile: Profile;
  wallet: Wallet;
  products: Product[];
  sales: Sale[];
  /** The shop's latest disputes (DESIGN 11), open ones first. */
  disputes: Dispute[];
}

/** Pages of 100 sales read at most, back to the start of the month. */
const SALE_PAGES = 5;

export async function fetchServerData(token: string, now = new Date()): Promise<ServerData> {
  const [profile, wallet, products, sales, disputes] = await Promise.all([
    api<Profile>('/me', { token }),
    api<Wallet>('/wallet', { token }),
    api<Products>('/products', { token }),
    fetchSales(token, now),
    api<DisputePage>('/disputes?limit=100', { token }),
  ]);
  return { profile, wallet, products: products.items, sales, disputes: disputes.items };
}

/** This month's sales (and the rest of the page that crosses into it), newest first. */
async function fetchSales(token: string, now: Date): Promise<Sale[]> {
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
  const sales: Sale[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < SALE_PAGES; page++) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const answer: SalePage = await api(`/sales?limit=100${query}`, { token });
    sales.push(...answer.items);
    cursor = answer.next_cursor;
    const oldest = answer.items.at(-1);
    if (!cursor || !oldest || Date.parse(oldest.created_at) < monthStart) break;
  }
  return sales;
}

/** Replaces the stored data with what the server said, in one transaction. */
export async function storeServerData(
  db: AirloadDb,
  userId: string,
  data: ServerData,
  now = Date.now(),
): Promise<void> {
  const tx = db.transaction(['kv', 'sales'], 'readwrite');
  const kv = tx.objectStore('kv');
  const sales = tx.objectStore('sales');
  await Promise.all([
    kv.put(data.profile, 'profile'),
    kv.put({ userId, wallet: data.wallet, at: now }, 'wallet'),
    kv.put(data.products, 'products'),
    kv.put(now, 'salesAt'),
    kv.put({ userId, items: data.disputes, at: now }, 'disputes'),
    sales.clear(),
    ...data.sales.map((sale) => sales.put(sale)),
    tx.done,
  ]);
}

/** Forgets another shopkeeper's data on this phone (their queued sales stay in the outbox). */
export async function forgetServerData(db: AirloadDb): Promise<void> {
  const tx = db.transaction(['kv', 'sales'], 'readwrite');
  await Promise.all([
    ...(['profile', 'wallet', 'products', 'salesAt', 'disputes'] as const).map((k) =>
      tx.objectStore('kv').delete(k),
    ),
    tx.objectStore('sales').clear(),
    tx.done,
  ]);
}
