import type { SaleStatus } from '../../shared/types';
import type { OutboxItem } from './sales';

/**
 * Checks made on the device before a sale is queued (DESIGN 5, issue 4): per-sale
 * limits, the queued total against the last known available balance, and a repeat of
 * the same number and amount within ten minutes.
 */

export const REPEAT_WINDOW_MS = 10 * 60 * 1000;

/** Money the server has not heard of yet: what the known balance does not include. */
export const queuedTotal = (items: readonly OutboxItem[]): number =>
  items.reduce((sum, item) => (item.state === 'queued' ? sum + item.amount : sum), 0);

export type AmountCheck =
  | { ok: true }
  | { ok: false; reason: 'below_min' | 'above_max'; limit: number }
  | { ok: false; reason: 'over_balance'; room: number };

export function checkAmount(
  amount: number,
  limits: { min_sale: number; max_sale: number },
  available: number,
  items: readonly OutboxItem[],
): AmountCheck {
  if (!Number.isInteger(amount) || amount < limits.min_sale) {
    return { ok: false, reason: 'below_min', limit: limits.min_sale };
  }
  if (amount > limits.max_sale) return { ok: false, reason: 'above_max', limit: limits.max_sale };
  const room = available - queuedTotal(items);
  if (amount > room) return { ok: false, reason: 'over_balance', room: Math.max(0, room) };
  return { ok: true };
}

/** A sale seen before, from the outbox or the server's list. */
export interface PastSale {
  msisdn: string;
  amount: number;
  createdAt: number;
  status: SaleStatus | 'queued' | 'sending';
}

/**
 * The latest sale of the same number and amount in the last ten minutes, if any: a
 * shopkeeper who sells twice by mistake loses the money. A failed sale gave the
 * customer nothing, so selling again after one is no repeat.
 */
export function findRepeat(
  msisdn: string,
  amount: number,
  now: number,
  past: readonly PastSale[],
): PastSale | undefined {
  let latest: PastSale | undefined;
  for (const sale of past) {
    if (sale.msisdn !== msisdn || sale.amount !== amount || sale.status === 'failed') continue;
    if (now - sale.createdAt > REPEAT_WINDOW_MS || sale.createdAt > now + REPEAT_WINDOW_MS)
      continue;
    if (!latest || sale.createdAt > latest.createdAt) latest = sale;
  }
  return latest;
}

/**
 * The known wallet once the server has taken a sale: the hold leaves available at
 * once (and sits in held until the carrier answers); a failed sale took nothing.
 */
export function walletAfterSale<W extends { available: number; held: number }>(
  wallet: W,
  sale: { amount: number; status: SaleStatus },
): W {
  if (sale.status === 'failed') return wallet;
  const open = sale.status === 'pending' || sale.status === 'unknown';
  return {
    ...wallet,
    available: wallet.available - sale.amount,
    held: wallet.held + (open ? sale.amount : 0),
  };
}
