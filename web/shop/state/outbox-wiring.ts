import type { AirloadDb } from '../db';
import { CHANNEL_NAME, OUTBOX_SYNC_TAG } from '../outbox/background-names';
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

/**
 * The page's outbox, sending with the session's token, and the channel that tells the
 * other tabs and the service worker when it changes (and hears when they change it).
 */
export function connectOutbox(
  db: AirloadDb,
  token: () => string | undefined,
  events: OutboxEvents,
): SaleOutbox {
  const outbox = new SaleOutbox(
    db,
    saleSender(async () => token()),
  );
  let channel: BroadcastChannel | undefined;
  outbox.addEventListener('change', () => {
    events.changed();
    channel?.postMessage('changed');
  });
  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL_NAME);
    channel.onmessage = (event: MessageEvent) =>
      event.data === 'flushed' ? events.flushed() : events.changed();
  }
  return outbox;
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
