import type { OutboxMeta } from '../../shared/outbox/machine';
import { type Admission, Outbox, type OutboxOptions } from '../../shared/outbox/outbox';
import { postWithKey } from '../../shared/outbox/send';
import { isSale, type Sale, type SaleStatus } from '../../shared/types';
import type { AirloadDb, KnownWallet } from '../db';
import { type AmountCheck, checkAmount, walletAfterSale } from './guards';

/**
 * The shop's outbox (issue 4) on the shared machinery: a sale queued with its key and
 * checked, in the same transaction, against the limits and the last known balance less
 * what is queued; when the server has it, its sale and the known wallet are written with
 * it. POST /api/v1/sales.
 */

export interface SaleRequest {
  msisdn: string;
  amount: number;
  product?: string | undefined;
}

export interface OutboxItem extends OutboxMeta, SaleRequest {
  /** Shown while queued; the server decides the real one. */
  operator?: string | undefined;
  currency: string;
  sale?: Sale | undefined;
}

export interface NewSale extends SaleRequest {
  key: string;
  userId: string;
  operator?: string | undefined;
  currency: string;
}

export type EnqueueResult = { ok: true; item: OutboxItem } | (AmountCheck & { ok: false });
export type SaleSend = (item: OutboxItem) => ReturnType<typeof postWithKey>;

/** POST /api/v1/sales for one outbox item, with its own key and the current token. */
export const saleSender =
  (token: () => Promise<string | undefined>): SaleSend =>
  async (item) => {
    const body: SaleRequest = { msisdn: item.msisdn, amount: item.amount };
    if (item.product) body.product = item.product;
    return postWithKey('/sales', item.key, body, await token());
  };

/** A 2xx answer that is a sale, or undefined. */
export const parseSale = (body: unknown): Sale | undefined => (isSale(body) ? body : undefined);
/** The server's sale kept on its item. */
export const acceptSale = (item: OutboxItem, sale: Sale): OutboxItem => ({ ...item, sale });

export class SaleOutbox extends Outbox<OutboxItem, Sale> {
  constructor(db: AirloadDb, send: SaleSend, options: OutboxOptions = {}) {
    super(
      db,
      {
        send,
        parse: parseSale,
        accept: acceptSale,
        acceptedStores: ['sales', 'kv'],
        async onAccepted(tx, item, sale) {
          // The sale into the sales store, and the known wallet without its amount.
          const known = (await tx.objectStore('kv').get('wallet')) as KnownWallet | undefined;
          const writes: Promise<unknown>[] = [tx.objectStore('sales').put(sale)];
          if (known?.userId === item.userId) {
            const wallet = walletAfterSale(known.wallet, sale);
            writes.push(tx.objectStore('kv').put({ ...known, wallet }, 'wallet'));
          }
          await Promise.all(writes);
        },
      },
      options,
    );
  }

  /** Queues a confirmed sale, checked against the limits and the known balance less the queue. */
  async enqueue(
    sale: NewSale,
    limits: { min_sale: number; max_sale: number },
  ): Promise<EnqueueResult> {
    const admission: Admission<OutboxItem, AmountCheck & { ok: false }> = {
      stores: ['kv'],
      async check(tx, mine) {
        const known = (await tx.objectStore('kv').get('wallet')) as KnownWallet | undefined;
        const available = known?.userId === sale.userId ? known.wallet.available : 0;
        const check = checkAmount(sale.amount, limits, available, mine);
        return check.ok ? undefined : check;
      },
    };
    const result = await this.add(sale, admission);
    return result.ok ? result : result.refusal;
  }

  /** Records a newer state of a sent item's sale (from polling or the sales list). */
  async updateSale(sale: Sale): Promise<void> {
    const tx = this.db.transaction([this.store, 'sales'], 'readwrite');
    const outbox = tx.objectStore(this.store);
    const writes: Promise<unknown>[] = [tx.objectStore('sales').put(sale)];
    for (const item of (await outbox.getAll()) as OutboxItem[]) {
      if (item.sale?.id === sale.id) writes.push(outbox.put(withSale(item, sale)));
    }
    await Promise.all([...writes, tx.done]);
    this.changed();
  }
}

/** The status a shopkeeper sees (issue 4 "History"). */
export type DisplayStatus = 'queued' | 'sending' | SaleStatus;

export function displayStatus(item: OutboxItem, sending: boolean): DisplayStatus {
  if (item.state === 'sent' && item.sale) return item.sale.status;
  if (item.state === 'failed') return 'failed';
  return sending ? 'sending' : 'queued';
}

/** A sent item whose sale the app has seen again (polled or listed). */
export function withSale(item: OutboxItem, sale: Sale): OutboxItem {
  return item.state === 'sent' && item.sale?.id === sale.id ? { ...item, sale } : item;
}
