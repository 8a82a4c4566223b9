import { NetworkError, request } from '../api';
import type { SendAnswer } from './retry';

/**
 * One POST of an outbox item to /api/v1`path`, with the item's own Idempotency-Key and
 * the current token. Never throws for an HTTP status or a lost connection: both are
 * answers the outbox decides on (retry.ts).
 */
export async function postWithKey(
  path: string,
  key: string,
  body: unknown,
  token: string | undefined,
  timeoutMs = 30_000,
): Promise<SendAnswer> {
  try {
    const answer = await request(path, {
      method: 'POST',
      token,
      body,
      headers: { 'idempotency-key': key },
      timeoutMs,
    });
    return {
      kind: 'response',
      status: answer.status,
      body: answer.body,
      replayed: answer.headers.get('idempotent-replayed') === 'true',
    };
  } catch (error) {
    if (error instanceof NetworkError) return { kind: 'network', message: error.message };
    throw error;
  }
}
