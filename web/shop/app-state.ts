import type { StockRequestList } from '../../core/api/stock';
import { ApiError, api } from '../shared/api';
import { OneAtATime } from '../shared/one-at-a-time';
import type { FlushReport } from '../shared/outbox/outbox';
import type { Sale } from '../shared/types';
import { type AirloadDb, getKv, openAirloadDb } from './db';
import { openSales, pollDelay } from './history';
import type { PastSale } from './outbox/guards';
import type { EnqueueResult, NewSale, OutboxItem, SaleOutbox } from './outbox/sales';
import { fetchServerData, storeServerData } from './server-data';
import { checkPin, MAX_UNLOCK_FAILURES, tokenNeedsRenewal, tokenValid } from './session';
import { Activity } from './state/activity';
import { logIn } from './state/login';
import { connectOutbox, registerBackgroundSync } from './state/outbox-wiring';
import { afterRenewal, renewalDeps, renewSession } from './state/renewal';
import { getSale, requestReceiptSms, requestReversal } from './state/sale-requests';
import { initialSnapshot, messageOf, type Phase, type Snapshot } from './state/snapshot';
import { readStored } from './state/stored';
import type { StockOutbox } from './stock/stock-outbox';

export type { Phase, Snapshot } from './state/snapshot';

/**
 * The page's state and the actions on it, for the elements to render and call (the
 * decisions themselves live in outbox/, history.ts and session.ts; the pieces of the
 * state in state/). Dispatches `change` after every update. This is the one place where
 * the session, the outbox's triggers and the stored data meet, kept together so that
 * their order (flush, then read the balance) stays visible.
 */

/** The per-sale limits of DESIGN 8, until the profile has been read once. */
const DEFAULT_LIMITS = { min_sale: 500, max_sale: 1_000_000 };
const SENT_KEPT_MS = 7 * 24 * 3600_000;

export class AppState extends EventTarget {
  snapshot: Snapshot = initialSnapshot();
  /** Set by the sell screen while a sale is being entered: no update reloads the page then. */
  saleInProgress = false;
  private db!: AirloadDb;
  private outbox!: SaleOutbox;
  private readonly syncing = new OneAtATime(
    (force) => this.syncOnce(force),
    () => this.update({ syncing: false }),
  );
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private unlockFailures = 0;
  private readonly activity = new Activity();
  private renewal!: ReturnType<typeof renewalDeps>;
  private stock: Promise<StockOutbox> | undefined;

  async boot(): Promise<void> {
    this.db = await openAirloadDb();
    this.renewal = renewalDeps(this.db);
    this.outbox = connectOutbox(this.db, () => this.token(), {
      changed: () => void this.reload(),
      flushed: () => void this.sync(),
    });
    const session = await getKv(this.db, 'session');
    const phase: Phase = !session ? 'login' : this.activity.idle() ? 'locked' : 'ready';
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
        this.activity.persist();
      }
    });
    for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => this.touch(), true);
    setInterval(() => this.checkIdle(), 15_000);
  }

  /** Records activity; the lock screen comes after LOCK_AFTER_MS without any. */
  touch(): void {
    this.activity.touch();
  }

  private checkIdle(): void {
    if (this.snapshot.phase === 'ready' && this.activity.idle()) {
      this.update({ phase: 'locked', lockReason: 'idle' });
    }
  }

  private update(patch: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  /** Re-reads everything the screens show from IndexedDB. */
  async reload(): Promise<void> {
    this.update(await readStored(this.db, this.outbox, this.snapshot.session?.userId));
  }

  /**
   * Sends what the outbox holds, then reads the server's data again. One at a time:
   * a call while one runs makes it run once more after.
   */
  sync(options: { force?: boolean } = {}): Promise<void> {
    return this.syncing.run(options.force ?? false);
  }

  private async syncOnce(force: boolean): Promise<void> {
    const session = this.snapshot.session;
    if (!session || !navigator.onLine) return;
    this.update({ syncing: true });
    clearTimeout(this.syncTimer);
    if (tokenNeedsRenewal(session, Date.now())) await this.renew(session.token);
    let report: FlushReport<OutboxItem>;
    try {
      const flush = () => this.outbox.flush(session.userId, { force });
      const used = this.token();
      report = await flush();
      // A token the server no longer takes: renewed once, and the rest sent with it.
      if (report.auth && used && (await this.renew(used, true))) report = await flush();
    } catch (error) {
      // IndexedDB refused (quota, a closing tab): the items are where they were.
      this.update({ lastError: messageOf(error) });
      return;
    }
    if (report.auth) this.expired();
    else await this.flushStock(session.userId);
    if (report.remaining > 0) {
      void registerBackgroundSync();
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

  /**
   * Renews the access token `stale` with the refresh token (issue 14 item 7): true with
   * a new token in the session. A refused refresh token (spent elsewhere, so the server
   * ended the session) shows the lock screen; the outbox keeps its sales meanwhile.
   */
  private async renew(stale: string, refused = false): Promise<boolean> {
    const renewal = await renewSession(this.renewal, stale);
    const next = afterRenewal(renewal, this.snapshot.session, refused, Date.now());
    this.update({ session: next.session });
    if (next.lock) this.expired();
    return next.renewed;
  }

  /** A call with the session's token, renewed and made once more after a 401. */
  private async authorized<T>(call: (token: string | undefined) => Promise<T>): Promise<T> {
    const used = this.token();
    try {
      return await call(used);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401 && used)) throw error;
      if (!(await this.renew(used, true))) throw error;
      return call(this.token());
    }
  }

  /** GET /me, /wallet, /products and the sales of this month into IndexedDB. */
  async refresh(): Promise<void> {
    const session = this.snapshot.session;
    if (!session) return;
    try {
      const data = await this.authorized((token) => fetchServerData(token ?? ''));
      await storeServerData(this.db, session.userId, data);
      this.update({ lastError: undefined });
      this.schedulePoll(data.sales);
    } catch (error) {
      this.update({ lastError: messageOf(error) });
    }
    await this.reload();
  }

  private schedulePoll(sales: readonly Sale[]): void {
    clearTimeout(this.pollTimer);
    const wait = pollDelay(openSales(sales), Date.now());
    if (wait !== undefined) this.pollTimer = setTimeout(() => void this.sync(), wait);
  }

  async login(phone: string, pin: string): Promise<void> {
    const session = await logIn(this.db, phone, pin);
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
    // The refresh token first; the PIN goes to the server only when the session is over.
    if (stale && navigator.onLine && !(await this.renew(session.token))) {
      // The session is over on the server: the PIN typed here logs in again.
      if (this.snapshot.session?.refreshToken === undefined) {
        try {
          await this.login(session.phone, pin);
          return true;
        } catch (error) {
          // Offline after all, or the server is down: the device still unlocks.
          if (error instanceof ApiError && !tokenValid(session, Date.now())) throw error;
        }
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

  /** The deployment's TIMEZONE (DESIGN 8), as the server last said; its default until then. */
  get timeZone(): string {
    return this.snapshot.profile?.timezone ?? 'Africa/Nairobi';
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
      else void registerBackgroundSync();
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
    const sale = await this.authorized((token) => getSale(id, token));
    await this.outbox.updateSale(sale);
    return sale;
  }

  /** The dispute of a sale the customer did not get: the server reverses it with the carrier. */
  async reverse(id: string): Promise<Sale> {
    const sale = await this.authorized((token) => requestReversal(id, token));
    await this.outbox.updateSale(sale);
    void this.refresh();
    return sale;
  }

  sendReceiptSms(id: string): Promise<{ to: string }> {
    return this.authorized((token) => requestReceiptSms(id, token));
  }

  private token(): string | undefined {
    return this.snapshot.session?.token;
  }

  /**
   * The stock requests' outbox (issue 11): its code loads with the stock screen, or when
   * a sync finds a request waiting, never on the first screen.
   */
  stockOutbox(): Promise<StockOutbox> {
    this.stock ??= (async () => {
      const [{ StockOutbox, stockSender }, { openStockDb }] = await Promise.all([
        import('./stock/stock-outbox'),
        import('./stock/stock-db'),
      ]);
      const outbox = new StockOutbox(
        await openStockDb(),
        stockSender(() => this.token()),
      );
      outbox.addEventListener('change', () => this.dispatchEvent(new Event('change')));
      return outbox;
    })();
    return this.stock;
  }

  /** Sends the queued stock requests; their code (not the first screen's) loads on the first sync. */
  private async flushStock(userId: string): Promise<void> {
    const report = await (await this.stockOutbox()).flush(userId);
    if (report.nextDueAt !== undefined && !report.auth) {
      const wait = Math.max(0, report.nextDueAt - Date.now());
      this.syncTimer = setTimeout(() => void this.sync(), wait);
    }
  }

  /** Queues a confirmed stock request (its key made at confirmation) and sends it when it can. */
  async askStock(request: { key: string; amount: number; note?: string | undefined }) {
    const session = this.snapshot.session;
    if (!session) throw new Error('not logged in');
    const outbox = await this.stockOutbox();
    await outbox.add({ ...request, userId: session.userId, currency: this.currency });
    if (navigator.onLine) void this.sync();
  }

  /** GET /stock-requests: the shop's own, as the server now has them. */
  fetchStockRequests(): Promise<StockRequestList> {
    return this.authorized((token) => api<StockRequestList>('/stock-requests', { token }));
  }
}

/** The page's one state, shared by every element (lazily loaded screens included). */
export const app = new AppState();
