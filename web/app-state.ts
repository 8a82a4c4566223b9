import { ApiError, api } from './api';
import { type AirloadDb, getKv, openAirloadDb, putKv, type Session } from './db';
import { type Entry, mergeHistory, openSales, pollDelay } from './history';
import { CHANNEL_NAME, OUTBOX_SYNC_TAG } from './outbox/background-names';
import type { PastSale } from './outbox/guards';
import type { NewSale, OutboxItem } from './outbox/machine';
import { type EnqueueResult, type FlushReport, Outbox } from './outbox/outbox';
import { saleSender } from './outbox/send';
import { fetchServerData, forgetServerData, storeServerData } from './server-data';
import {
  checkPin,
  idleTooLong,
  MAX_UNLOCK_FAILURES,
  makePinVerifier,
  tokenNeedsRenewal,
  tokenValid,
} from './session';
import type { Product, Profile, Sale, Wallet } from './types';

/**
 * The page's state and the actions on it, for the elements to render and call (the
 * decisions themselves live in outbox/, history.ts and session.ts). Dispatches
 * `change` after every update. Longer than the usual file: it is the one place where
 * the session, the outbox's triggers and the stored data meet, kept together so that
 * their order (flush, then read the balance) stays visible.
 */

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
  sending: ReadonlySet<string>;
  online: boolean;
  syncing: boolean;
  lastError?: string | undefined;
}

const ACTIVE_KEY = 'airload.lastActiveAt';
/** The per-sale limits of DESIGN 8, until the profile has been read once. */
const DEFAULT_LIMITS = { min_sale: 500, max_sale: 1_000_000 };
const SENT_KEPT_MS = 7 * 24 * 3600_000;

interface LoginAnswer {
  token: string;
  expires_at: string;
  user: { id: string; role: string; name: string };
}

type SyncRegistration = ServiceWorkerRegistration & {
  sync?: { register(tag: string): Promise<void> };
};

export class AppState extends EventTarget {
  snapshot: Snapshot = {
    phase: 'booting',
    lockReason: 'idle',
    products: [],
    sales: [],
    outbox: [],
    entries: [],
    sending: new Set(),
    online: navigator.onLine,
    syncing: false,
  };
  /** Set by the sell screen while a sale is being entered: no update reloads the page then. */
  saleInProgress = false;
  private db!: AirloadDb;
  private outbox!: Outbox;
  private running: Promise<void> | undefined;
  private again = false;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private unlockFailures = 0;
  private lastActiveAt = Number(localStorage.getItem(ACTIVE_KEY) ?? 0);
  private channel: BroadcastChannel | undefined;

  async boot(): Promise<void> {
    this.db = await openAirloadDb();
    this.outbox = new Outbox(
      this.db,
      saleSender(async () => this.snapshot.session?.token),
    );
    this.outbox.addEventListener('change', () => {
      void this.reload();
      this.channel?.postMessage('changed');
    });
    if (typeof BroadcastChannel !== 'undefined') {
      // Another tab changed the outbox, or the service worker sent from it on Background
      // Sync: then the balances are worth reading again too.
      this.channel = new BroadcastChannel(CHANNEL_NAME);
      this.channel.onmessage = (event: MessageEvent) =>
        void (event.data === 'flushed' ? this.sync() : this.reload());
    }
    const session = await getKv(this.db, 'session');
    const phase: Phase = !session
      ? 'login'
      : idleTooLong(this.lastActiveAt, Date.now())
        ? 'locked'
        : 'ready';
    this.update({ session, phase });
    await this.reload();
    this.listen();
    if (session) void this.sync();
    void this.outbox.prune(SENT_KEPT_MS);
  }

  private listen(): void {
    addEventListener('online', () => {
      this.update({ online: true });
      void this.sync({ force: true });
    });
    addEventListener('offline', () => this.update({ online: false }));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        this.checkIdle();
        void this.sync();
      } else {
        localStorage.setItem(ACTIVE_KEY, String(this.lastActiveAt));
      }
    });
    for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => this.touch(), true);
    setInterval(() => this.checkIdle(), 15_000);
  }

  /** Records activity; the lock screen comes after LOCK_AFTER_MS without any. */
  touch(): void {
    const now = Date.now();
    if (now - this.lastActiveAt > 5_000) localStorage.setItem(ACTIVE_KEY, String(now));
    this.lastActiveAt = now;
  }

  private checkIdle(): void {
    if (this.snapshot.phase === 'ready' && idleTooLong(this.lastActiveAt, Date.now())) {
      this.update({ phase: 'locked', lockReason: 'idle' });
    }
  }

  private update(patch: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  /** Re-reads everything the screens show from IndexedDB. */
  async reload(): Promise<void> {
    const userId = this.snapshot.session?.userId;
    const [profile, known, products, sales, outbox] = await Promise.all([
      getKv(this.db, 'profile'),
      getKv(this.db, 'wallet'),
      getKv(this.db, 'products'),
      this.db.getAll('sales'),
      userId ? this.outbox.list(userId) : Promise.resolve([]),
    ]);
    const mine = profile?.id === userId;
    const wallet = known?.userId === userId ? known : undefined;
    const sending = new Set(this.outbox.sending);
    this.update({
      profile: mine ? profile : undefined,
      wallet: wallet?.wallet,
      walletAt: wallet?.at,
      products: mine ? (products ?? []) : [],
      sales: mine ? sales : [],
      outbox,
      sending,
      entries: mergeHistory(mine ? sales : [], outbox, sending),
    });
  }

  /**
   * Sends what the outbox holds, then reads the server's data again. One at a time:
   * a call while one runs makes it run once more after.
   */
  sync(options: { force?: boolean } = {}): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.syncOnce(options.force ?? false).finally(() => {
      this.running = undefined;
      this.update({ syncing: false });
      if (this.again) {
        this.again = false;
        void this.sync();
      }
    });
    return this.running;
  }

  private async syncOnce(force: boolean): Promise<void> {
    const session = this.snapshot.session;
    if (!session || !navigator.onLine) return;
    this.update({ syncing: true });
    clearTimeout(this.syncTimer);
    let report: FlushReport;
    try {
      report = await this.outbox.flush(session.userId, { force });
    } catch (error) {
      // IndexedDB refused (quota, a closing tab): the items are where they were.
      this.update({ lastError: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (report.auth) this.expired();
    if (report.remaining > 0) {
      void this.registerBackgroundSync();
      if (report.nextDueAt !== undefined && !report.auth) {
        const wait = Math.max(0, report.nextDueAt - Date.now());
        this.syncTimer = setTimeout(() => void this.sync(), wait);
      }
    }
    await this.refresh();
  }

  /** Sends the queued sales now, whatever their backoff says ("Send now"). */
  sendNow(): Promise<void> {
    return this.sync({ force: true });
  }

  private expired(): void {
    this.update({ phase: 'locked', lockReason: 'expired' });
  }

  /** GET /me, /wallet, /products and the sales of this month into IndexedDB. */
  async refresh(): Promise<void> {
    const session = this.snapshot.session;
    if (!session) return;
    try {
      const data = await fetchServerData(session.token);
      await storeServerData(this.db, session.userId, data);
      this.update({ lastError: undefined });
      this.schedulePoll(data.sales);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.expired();
      this.update({ lastError: error instanceof Error ? error.message : String(error) });
    }
    await this.reload();
  }

  private schedulePoll(sales: readonly Sale[]): void {
    clearTimeout(this.pollTimer);
    const wait = pollDelay(openSales(sales), Date.now());
    if (wait !== undefined) this.pollTimer = setTimeout(() => void this.sync(), wait);
  }

  private async registerBackgroundSync(): Promise<void> {
    try {
      const registration = (await navigator.serviceWorker?.getRegistration()) as
        | SyncRegistration
        | undefined;
      await registration?.sync?.register(OUTBOX_SYNC_TAG);
    } catch {
      // No Background Sync here: `online`, visibility and the timer send it.
    }
  }

  async login(phone: string, pin: string): Promise<void> {
    const answer = await api<LoginAnswer>('/auth/login', { method: 'POST', body: { phone, pin } });
    if (answer.user.role !== 'retailer') {
      throw new ApiError(403, 'not_a_retailer', 'This app is for retailers');
    }
    const previous = await getKv(this.db, 'profile');
    if (previous && previous.id !== answer.user.id) await forgetServerData(this.db);
    const session: Session = {
      token: answer.token,
      expiresAt: Date.parse(answer.expires_at),
      userId: answer.user.id,
      name: answer.user.name,
      phone,
      pin: await makePinVerifier(pin),
    };
    await putKv(this.db, 'session', session);
    this.unlockFailures = 0;
    this.touch();
    this.update({ session, phase: 'ready' });
    await this.reload();
    await this.sync({ force: true });
  }

  /** The lock screen: the PIN checked on the device, and the token renewed when online. */
  async unlock(pin: string): Promise<boolean> {
    const session = this.snapshot.session;
    if (!session) return false;
    if (!(await checkPin(pin, session.pin))) {
      this.unlockFailures += 1;
      if (this.unlockFailures >= MAX_UNLOCK_FAILURES) await this.logout();
      return false;
    }
    this.unlockFailures = 0;
    const stale = this.snapshot.lockReason === 'expired' || tokenNeedsRenewal(session, Date.now());
    if (stale && navigator.onLine) {
      try {
        await this.login(session.phone, pin);
        return true;
      } catch (error) {
        // Offline after all, or the server is down: the device still unlocks.
        if (error instanceof ApiError && !tokenValid(session, Date.now())) throw error;
      }
    }
    this.touch();
    this.update({ phase: 'ready', lockReason: 'idle' });
    void this.sync({ force: true });
    return true;
  }

  lock(): void {
    this.update({ phase: 'locked', lockReason: 'idle' });
  }

  /** Forgets the session; queued sales stay for when this shopkeeper logs in again. */
  async logout(): Promise<void> {
    await this.db.delete('kv', 'session');
    this.update({ session: undefined, phase: 'login' });
    await this.reload();
  }

  get limits() {
    return this.snapshot.profile?.limits ?? DEFAULT_LIMITS;
  }

  get currency(): string {
    return this.snapshot.profile?.currency ?? this.snapshot.wallet?.currency ?? 'KES';
  }

  /** Queues a confirmed sale (its key made by the caller at confirmation) and sends it when it can. */
  async sell(sale: Omit<NewSale, 'userId' | 'currency'>): Promise<EnqueueResult> {
    const session = this.snapshot.session;
    if (!session) throw new Error('not logged in');
    const result = await this.outbox.enqueue(
      { ...sale, userId: session.userId, currency: this.currency },
      this.limits,
    );
    if (result.ok) {
      if (navigator.onLine) void this.sync();
      else void this.registerBackgroundSync();
    }
    return result;
  }

  dismiss(key: string): Promise<boolean> {
    return this.outbox.dismiss(key);
  }

  /** Everything sold lately, for the repeat warning. */
  pastSales(): PastSale[] {
    return this.snapshot.entries.map((e) => ({
      msisdn: e.msisdn,
      amount: e.amount,
      createdAt: e.createdAt,
      status: e.status,
    }));
  }

  /** GET /sales/:id, kept in the sales store. */
  async fetchSale(id: string): Promise<Sale> {
    const sale = await api<Sale>(`/sales/${encodeURIComponent(id)}`, { token: this.token() });
    await this.outbox.updateSale(sale);
    return sale;
  }

  /** The dispute of a sale the customer did not get: the server reverses it with the carrier. */
  async reverse(id: string): Promise<Sale> {
    const sale = await api<Sale>(`/sales/${encodeURIComponent(id)}/reversal`, {
      method: 'POST',
      token: this.token(),
    });
    await this.outbox.updateSale(sale);
    void this.refresh();
    return sale;
  }

  async sendReceiptSms(id: string): Promise<{ to: string }> {
    return api<{ to: string }>(`/sales/${encodeURIComponent(id)}/receipt-sms`, {
      method: 'POST',
      token: this.token(),
    });
  }

  private token(): string | undefined {
    return this.snapshot.session?.token;
  }
}

/** The page's one state, shared by every element (lazily loaded screens included). */
export const app = new AppState();
