import type { Sale, SaleStatus } from '../types';
import { backoffDelay, type Outcome, type SendError } from './retry';

/**
 * One sale in the outbox (issue 4): it gets its Idempotency-Key when the shopkeeper
 * confirms, is stored before the first send, and then only ever moves
 *
 *   queued --accepted--> sent      (the server has the sale; it may still be pending)
 *   queued --final-----> failed    (a 4xx that sticks to the key: a new try needs a new key)
 *   queued --retry/auth-> queued   (same key, later)
 *
 * The key never changes, so however often an item is sent it is one sale.
 */
export type OutboxState = 'queued' | 'sent' | 'failed';

export interface SaleRequest {
  msisdn: string;
  amount: number;
  product?: string | undefined;
}

export interface OutboxItem extends SaleRequest {
  key: string;
  userId: string;
  /** Shown while queued; the server decides the real one. */
  operator?: string | undefined;
  currency: string;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: SendError | undefined;
  sale?: Sale | undefined;
  sentAt?: number | undefined;
}

export interface NewSale extends SaleRequest {
  key: string;
  userId: string;
  operator?: string | undefined;
  currency: string;
}

export function queued(sale: NewSale, now: number): OutboxItem {
  return { ...sale, createdAt: now, state: 'queued', attempts: 0, nextAttemptAt: now };
}

export function afterOutcome(
  item: OutboxItem,
  outcome: Outcome,
  now: number,
  random: number,
): OutboxItem {
  if (item.state !== 'queued') return item;
  switch (outcome.kind) {
    case 'accepted':
      return { ...item, state: 'sent', sale: outcome.sale, sentAt: now, lastError: undefined };
    case 'final':
      return { ...item, state: 'failed', attempts: item.attempts + 1, lastError: outcome.error };
    case 'auth':
      // Not the sale's fault: due again as soon as someone logs in.
      return { ...item, nextAttemptAt: now, lastError: outcome.error };
    case 'retry': {
      const attempts = item.attempts + 1;
      return {
        ...item,
        attempts,
        nextAttemptAt: now + backoffDelay(attempts, random),
        lastError: outcome.error,
      };
    }
  }
}

/** A sent item whose sale the app has seen again (polled or listed). */
export function withSale(item: OutboxItem, sale: Sale): OutboxItem {
  return item.state === 'sent' && item.sale?.id === sale.id ? { ...item, sale } : item;
}

export const isDue = (item: OutboxItem, now: number): boolean =>
  item.state === 'queued' && item.nextAttemptAt <= now;

/** The status a shopkeeper sees (issue 4 "History"). */
export type DisplayStatus = 'queued' | 'sending' | SaleStatus;

export function displayStatus(item: OutboxItem, sending: boolean): DisplayStatus {
  if (item.state === 'sent' && item.sale) return item.sale.status;
  if (item.state === 'failed') return 'failed';
  return sending ? 'sending' : 'queued';
}
