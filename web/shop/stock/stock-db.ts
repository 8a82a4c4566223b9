import { openDB } from 'idb';
import { type AnyDb, createOutboxStore } from '../../shared/outbox/outbox';

/**
 * The shop's stock requests live in an IndexedDB database of their own (issue 11): a
 * request is never checked against the wallet in the same transaction, and a new store in
 * the shop's main database would need a version upgrade that an open tab of the
 * previous version blocks.
 */
export const STOCK_DB_NAME = 'airload-stock';

export const openStockDb = (name = STOCK_DB_NAME): Promise<AnyDb> =>
  openDB(name, 1, {
    upgrade(db) {
      createOutboxStore(db, 'stockOutbox');
    },
  });
