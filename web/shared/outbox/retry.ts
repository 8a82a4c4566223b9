import { errorOf } from '../types';

/**
 * What an outbox does with the answer to one send (issue 4, "Offline"): network
 * errors, 5xx, 408, 429 and 409 idempotency_in_progress are retried with the same key;
 * 401 waits for a new login; any other 4xx (another 409 too) is final and keeps the server's message.
 * The same for every kind of request (a sale, a visit): only what a 2xx must hold differs.
 */

/** What came back from one POST of an outbox item. */
export type SendAnswer =
  | { kind: 'response'; status: number; body: unknown; replayed: boolean }
  | { kind: 'network'; message: string };

export interface SendError {
  code: string;
  message: string;
  status?: number;
}

export type Outcome<R> =
  | { kind: 'accepted'; result: R; replayed: boolean }
  | { kind: 'retry'; error: SendError }
  | { kind: 'auth'; error: SendError }
  | { kind: 'final'; error: SendError };

const RETRY_STATUSES = new Set([408, 425, 429]);

/**
 * `parse` reads a 2xx body as the request's result, or undefined when it is not one (a
 * captive portal or a proxy can answer 200 with a page: not the server, send again).
 */
export function classify<R>(
  answer: SendAnswer,
  parse: (body: unknown) => R | undefined,
): Outcome<R> {
  if (answer.kind === 'network') {
    return { kind: 'retry', error: { code: 'network', message: answer.message } };
  }
  const { status, body } = answer;
  if (status >= 200 && status < 300) {
    const result = parse(body);
    if (result !== undefined) return { kind: 'accepted', result, replayed: answer.replayed };
    return {
      kind: 'retry',
      error: { code: 'bad_answer', message: 'The answer was not what was asked for', status },
    };
  }
  const error: SendError = {
    ...(errorOf(body) ?? { code: `http_${status}`, message: `HTTP ${status}` }),
    status,
  };
  if (status === 401) return { kind: 'auth', error };
  if (status >= 500 || RETRY_STATUSES.has(status)) return { kind: 'retry', error };
  // Only "still being written" is worth the same key again; another 409 is a state the
  // request ran into (a stock request already pending, DESIGN 12): final, with its words.
  if (status === 409 && error.code === 'idempotency_in_progress') return { kind: 'retry', error };
  return { kind: 'final', error };
}

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 60_000;

/**
 * The wait before attempt `attempts + 1`: doubling from 2 s up to a minute, with
 * jitter (a random half of it) so a shop's outbox and thousands of others do not
 * all come back at the same second after an outage. `random` is in [0, 1).
 */
export function backoffDelay(attempts: number, random: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
