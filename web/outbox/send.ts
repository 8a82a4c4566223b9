import { NetworkError, request } from '../api';
import type { OutboxItem } from './machine';
import type { SendAnswer } from './retry';

/** POST /api/v1/sales for one outbox item, with its own key and the current token. */
export function saleSender(token: () => Promise<string | undefined>) {
  return async (item: OutboxItem): Promise<SendAnswer> => {
    const body: Record<string, unknown> = { msisdn: item.msisdn, amount: item.amount };
    if (item.product) body.product = item.product;
    try {
      const answer = await request('/sales', {
        method: 'POST',
        token: await token(),
        body,
        headers: { 'idempotency-key': item.key },
        timeoutMs: 30_000,
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
  };
}
