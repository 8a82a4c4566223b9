import type { OutboxMeta } from '../../shared/outbox/machine';
import { type AnyTx, Outbox, type OutboxOptions } from '../../shared/outbox/outbox';
import type { SendAnswer } from '../../shared/outbox/retry';
import { postWithKey } from '../../shared/outbox/send';
import type { Dispute, DisputeRequest } from '../../shared/types';
import type { AirloadDb, KnownDisputes } from '../db';

/**
 * The shop's disputes opened on this phone (DESIGN 11, issue 12): each stored in
 * IndexedDB with its own Idempotency-Key (a UUIDv7 made when the shopkeeper confirms),
 * before the first send, and sent like the sales (web/shared/outbox): offline it waits,
 * and however often it is sent it is one dispute. POST /api/v1/sales/:id/disputes.
 */

/** The body of POST /sales/:id/disputes (the server's schema). */
export type { DisputeRequest };

export interface QueuedDispute extends OutboxMeta, DisputeRequest {
  saleId: string;
  /** The customer's number as read back before sending, for the list while queued. */
  msisdn: string;
  dispute?: Dispute | undefined;
}

export type NewDispute = Pick<QueuedDispute, 'key' | 'userId' | 'saleId' | 'msisdn'> &
  DisputeRequest;

export type DisputeSend = (item: QueuedDispute) => Promise<SendAnswer>;

/** POST /sales/:id/disputes for one item, with its own key and the current token. */
export const disputeSender =
  (token: () => Promise<string | undefined>): DisputeSend =>
  async (item) => {
    const body: DisputeRequest = { reason: item.reason };
    if (item.note) body.note = item.note;
    return postWithKey(
      `/sales/${encodeURIComponent(item.saleId)}/disputes`,
      item.key,
      body,
      await token(),
    );
  };

/** A 2xx body that is a dispute, or undefined (a portal's page: send again). */
export function parseDispute(body: unknown): Dispute | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const d = body as Partial<Dispute>;
  return typeof d.id === 'string' && typeof d.sale_id === 'string' && typeof d.status === 'string'
    ? (body as Dispute)
    : undefined;
}

/** The known list with `dispute` in it, in place of an older copy of it. */
export function withDispute(known: readonly Dispute[], dispute: Dispute): Dispute[] {
  return [dispute, ...known.filter((d) => d.id !== dispute.id)];
}

export class DisputeOutbox extends Outbox<QueuedDispute, Dispute> {
  constructor(db: AirloadDb, send: DisputeSend, options: OutboxOptions = {}) {
    super(
      db,
      {
        send,
        parse: parseDispute,
        accept: (item, dispute) => ({ ...item, dispute }),
        acceptedStores: ['kv'],
        // The server's dispute into the known list, so it shows before the next read.
        async onAccepted(tx: AnyTx, item, dispute) {
          const known = (await tx.objectStore('kv').get('disputes')) as KnownDisputes | undefined;
          const items = known?.userId === item.userId ? known.items : [];
          const next: KnownDisputes = {
            userId: item.userId,
            items: withDispute(items, dispute),
            at: known?.at ?? 0,
          };
          await tx.objectStore('kv').put(next, 'disputes');
        },
      },
      { ...options, store: 'disputes' },
    );
  }
}
