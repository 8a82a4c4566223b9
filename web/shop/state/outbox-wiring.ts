import type { AirloadDb } from '../db';
import { CHANNEL_NAME, OUTBOX_SYNC_TAG } from '../outbox/background-names';
import { DisputeOutbox, disputeSender } from '../outbox/disputes';
import { SaleOutbox, saleSender } from '../outbox/sales';

type SyncRegistration = ServiceWorkerRegistration & {
  sync?: { register(tag: string): Promise<void> };
};

export interface OutboxEvents {
  /** This page's outbox, or another tab's, changed: the stored data is worth reading again. */
  changed(): void;
  /** The service worker sent from the outbox on Background Sync: the balances changed too. */
  flushed(): void;
}

export interface Outboxes {
  sales: SaleOutbox;
  disputes: DisputeOutbox;
}

/**
 * The page's outboxes (its sales, and its disputes: DESIGN 11), sending with the
 * session's token, and the channel that tells the other tabs and the service worker when
 * they change (and hears when they change them).
 */
export function connectOutbox(
  db: AirloadDb,
  token: () => string | undefined,
  events: OutboxEvents,
): Outboxes {
  const current = async () => token();
  const outboxes: Outboxes = {
    sales: new SaleOutbox(db, saleSender(current)),
    disputes: new DisputeOutbox(db, disputeSender(current)),
  };
  let channel: BroadcastChannel | undefined;
  for (const outbox of [outboxes.sales, outboxes.disputes]) {
    outbox.addEventListener('change', () => {
      events.changed();
      channel?.postMessage('changed');
    });
  }
  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL_NAME);
    channel.onmessage = (event: MessageEvent) =>
      event.data === 'flushed' ? events.flushed() : events.changed();
  }
  return outboxes;
}

/** Asks the service worker to send the outbox when the network is back, where it can. */
export async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as
      | SyncRegistration
      | undefined;
    await registration?.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // No Background Sync here: `online`, visibility and the timer send it.
  }
}
