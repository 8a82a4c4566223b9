import { backoffDelay, type Outcome, type SendError } from './retry';

/**
 * One request in an outbox (issue 4; generic since issue 9: the shop's sales, the
 * console's visits): it gets its Idempotency-Key when the user confirms, is stored
 * before the first send, and then only ever moves
 *
 *   queued --accepted--> sent      (the server has it)
 *   queued --final-----> failed    (a 4xx that sticks to the key: a new try needs a new key)
 *   queued --retry/auth-> queued   (same key, later)
 *
 * The key never changes, so however often an item is sent it is one request. Each kind
 * of request adds its own fields (a sale's number and amount) and keeps the server's
 * answer where it says (`accept`).
 */
export type OutboxState = 'queued' | 'sent' | 'failed';

/** What every outbox item has, whatever it asks the server for. */
export interface OutboxMeta {
  /** The Idempotency-Key, made before the first send (a UUIDv7). */
  key: string;
  userId: string;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: SendError | undefined;
  sentAt?: number | undefined;
}

/** A new item: its own fields, its key and user; the machine adds the rest. */
export type NewItem<I extends OutboxMeta> = Omit<
  I,
  'createdAt' | 'state' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt'
>;

export function queued<I extends OutboxMeta>(fields: NewItem<I>, now: number): I {
  return { ...fields, createdAt: now, state: 'queued', attempts: 0, nextAttemptAt: now } as I;
}

/** Keeps the server's answer on an accepted item (a sale's `sale`, a visit's `visit`). */
export type Accept<I, R> = (item: I, result: R) => I;

export function afterOutcome<I extends OutboxMeta, R>(
  item: I,
  outcome: Outcome<R>,
  now: number,
  random: number,
  accept: Accept<I, R>,
): I {
  if (item.state !== 'queued') return item;
  switch (outcome.kind) {
    case 'accepted':
      return { ...accept(item, outcome.result), state: 'sent', sentAt: now, lastError: undefined };
    case 'final':
      return { ...item, state: 'failed', attempts: item.attempts + 1, lastError: outcome.error };
    case 'auth':
      // Not the request's fault: due again as soon as someone logs in.
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

export const isDue = (item: OutboxMeta, now: number): boolean =>
  item.state === 'queued' && item.nextAttemptAt <= now;
