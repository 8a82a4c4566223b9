import type { Product, Profile, Sale, Wallet } from '../../shared/types';
import type { Session } from '../db';
import type { DisputeRow } from '../disputes';
import type { Entry } from '../history';
import type { OutboxItem } from '../outbox/sales';

/** What the page shows, as the elements read it from `app.snapshot`. */

export type Phase = 'booting' | 'login' | 'locked' | 'ready';

export interface Snapshot {
  phase: Phase;
  /** Why the lock screen shows: idle, or the server no longer takes the token. */
  lockReason: 'idle' | 'expired';
  session?: Session | undefined;
  profile?: Profile | undefined;
  wallet?: Wallet | undefined;
  walletAt?: number | undefined;
  products: Product[];
  sales: Sale[];
  outbox: OutboxItem[];
  entries: Entry[];
  /** The shop's disputes, the server's and those still on this phone (DESIGN 11). */
  disputes: DisputeRow[];
  sending: ReadonlySet<string>;
  online: boolean;
  syncing: boolean;
  lastError?: string | undefined;
}

/** The state before boot has read anything. */
export const initialSnapshot = (): Snapshot => ({
  phase: 'booting',
  lockReason: 'idle',
  products: [],
  sales: [],
  outbox: [],
  entries: [],
  disputes: [],
  sending: new Set(),
  online: navigator.onLine,
  syncing: false,
});

/** What this phone still has to send: its queued sales and disputes (DESIGN 11), which a sync sends. */
export const waitingToSend = (s: Pick<Snapshot, 'outbox' | 'disputes'>): number =>
  s.outbox.filter((i) => i.state === 'queued').length +
  s.disputes.filter((d) => d.status === 'queued').length;

/** The message of whatever was thrown, for `lastError`. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
