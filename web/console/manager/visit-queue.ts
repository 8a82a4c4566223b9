import type { SendError } from '../../outbox/retry';
import type { VisitBody } from './visit-rules';

/**
 * Visits waiting on this phone (DESIGN 10): each stored in IndexedDB with its
 * Idempotency-Key before the first send, sent when the connection returns. Built on the
 * shop's outbox machinery (web/shared), not a copy of it.
 */
export type VisitState = 'queued' | 'sent' | 'failed';

export interface VisitResult {
  id: string;
  distance_m: number | null;
  shop_confirmed: boolean;
  flags?: unknown[];
}

export interface QueuedVisit {
  key: string;
  userId: string;
  outletId: string;
  body: VisitBody;
  createdAt: number;
  state: VisitState;
  lastError?: SendError | undefined;
  result?: VisitResult | undefined;
}

export interface VisitQueue extends EventTarget {
  list(outletId?: string): Promise<QueuedVisit[]>;
  enqueue(outletId: string, body: VisitBody): Promise<QueuedVisit>;
  flush(): Promise<void>;
}

class PendingQueue extends EventTarget implements VisitQueue {
  async list(): Promise<QueuedVisit[]> {
    return [];
  }
  async enqueue(): Promise<QueuedVisit> {
    throw new Error('the visit queue is not connected yet');
  }
  async flush(): Promise<void> {}
}

export const visitQueue: VisitQueue = new PendingQueue();
