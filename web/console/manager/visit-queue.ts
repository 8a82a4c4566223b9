import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { VisitAnswer } from '../../../core/api/visits';
import type { OutboxMeta } from '../../shared/outbox/machine';
import { type AnyDb, Outbox } from '../../shared/outbox/outbox';
import { postWithKey } from '../../shared/outbox/send';
import type { VisitBody } from './visit-rules';

/**
 * Visits waiting on this phone (DESIGN 10): each stored in IndexedDB with its
 * Idempotency-Key (a UUIDv7 made when the manager saves it, before the first send), sent
 * when the connection returns, on the shop's outbox machinery (web/shared/outbox).
 * POST /api/v1/outlets/:id/visits.
 */

/** The answer of POST /outlets/:id/visits (the server's schema). */
export type VisitResult = z.infer<typeof VisitAnswer>;

export interface QueuedVisit extends OutboxMeta {
  outletId: string;
  body: VisitBody;
  result?: VisitResult | undefined;
}

/** A 2xx body that is a visit's answer, or undefined (a portal's page: send again). */
export function parseVisit(body: unknown): VisitResult | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = body as Partial<VisitResult>;
  return typeof v.id === 'string' && typeof v.shop_confirmed === 'boolean'
    ? (body as VisitResult)
    : undefined;
}

export class VisitOutbox extends Outbox<QueuedVisit, VisitResult> {
  constructor(db: AnyDb, token: () => string | undefined, options: { now?: () => number } = {}) {
    super(
      db,
      {
        send: (item) =>
          postWithKey(
            `/outlets/${encodeURIComponent(item.outletId)}/visits`,
            item.key,
            item.body,
            token(),
          ),
        parse: parseVisit,
        accept: (item, result) => ({ ...item, result }),
      },
      { ...options, store: 'visits' },
    );
  }
}

export interface VisitQueue extends EventTarget {
  list(outletId: string): Promise<QueuedVisit[]>;
  enqueue(outletId: string, body: VisitBody): Promise<QueuedVisit>;
  flush(): Promise<void>;
}

/**
 * The console's one visit queue for the logged-in manager: sends on save, on `online`,
 * when the console opens, and again when a retry is due.
 */
export class ManagerVisits extends EventTarget implements VisitQueue {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly outbox: Promise<VisitOutbox>,
    private readonly userId: () => string | undefined,
  ) {
    super();
    void outbox.then((o) =>
      o.addEventListener('change', () => this.dispatchEvent(new Event('change'))),
    );
    addEventListener('online', () => void this.flush(true));
  }

  async list(outletId: string): Promise<QueuedVisit[]> {
    const user = this.userId();
    if (!user) return [];
    return (await (await this.outbox).list(user)).filter((v) => v.outletId === outletId).reverse();
  }

  async enqueue(outletId: string, body: VisitBody): Promise<QueuedVisit> {
    const userId = this.userId();
    if (!userId) throw new Error('not logged in');
    const answer = await (await this.outbox).add<never>({ key: uuidv7(), userId, outletId, body });
    if (!answer.ok) throw new Error('refused');
    return answer.item;
  }

  async flush(force = false): Promise<void> {
    const user = this.userId();
    if (!user || !navigator.onLine) return;
    clearTimeout(this.timer);
    const report = await (await this.outbox).flush(user, { force });
    if (report.nextDueAt !== undefined && !report.auth) {
      this.timer = setTimeout(() => void this.flush(), Math.max(0, report.nextDueAt - Date.now()));
    }
  }
}

/** Set by manager-screens.ts, the module every manager screen loads first. */
export let visitQueue: VisitQueue = new EventTarget() as VisitQueue;

export function connectVisits(queue: VisitQueue): void {
  visitQueue = queue;
}
