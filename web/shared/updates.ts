import type { Workbox } from 'workbox-window';

/**
 * A new service worker waits and asks before taking over (issue 4): the page reloads
 * only when the shopkeeper says so, and never while a sale is being entered or sent.
 */
export interface SaleActivity {
  /** The sell screen holds a number, an amount or an open confirmation. */
  saleInProgress: boolean;
  /** Outbox items being sent right now. */
  sending: number;
}

export const canUpdateNow = (activity: SaleActivity): boolean =>
  !activity.saleInProgress && activity.sending === 0;

export class Updates extends EventTarget {
  waiting = false;
  private workbox: Workbox | undefined;

  /** Registers the app's own service worker: the shop's `/sw.js`, the console's `/console/sw.js`. */
  async register(url: string, scope?: string): Promise<void> {
    if (!('serviceWorker' in navigator)) return;
    const { Workbox } = await import('workbox-window');
    const workbox = new Workbox(url, scope ? { scope } : undefined);
    workbox.addEventListener('waiting', () => {
      this.waiting = true;
      this.dispatchEvent(new Event('change'));
    });
    this.workbox = workbox;
    await workbox.register();
  }

  /** 'busy' while a sale is in progress: the shopkeeper can ask again after it. */
  apply(activity: SaleActivity): 'busy' | 'applying' {
    if (!this.workbox || !canUpdateNow(activity)) return 'busy';
    this.workbox.addEventListener('controlling', () => location.reload());
    this.workbox.messageSkipWaiting();
    return 'applying';
  }
}

export const updates = new Updates();
