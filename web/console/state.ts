import { ApiError, api } from '../shared/api';
import type { Store } from '../shared/state-controller';
import { type ConsoleDb, getKv, openConsoleDb, putKv } from './db';
import { type ConsoleSession, type Credentials, consoleLogIn, zoneOf } from './session';

/**
 * The console's state (issue 9), its own store: shared elements get it through
 * `new StateController(this, consoleState)`. Screens keep their own data (the outlet
 * list is a screen's, read when it opens); this holds what every screen needs.
 */
export type ConsolePhase = 'booting' | 'login' | 'ready';

export interface ConsoleSnapshot {
  phase: ConsolePhase;
  session?: ConsoleSession | undefined;
  online: boolean;
}

export class ConsoleState extends EventTarget implements Store<ConsoleSnapshot> {
  snapshot: ConsoleSnapshot = { phase: 'booting', online: navigator.onLine };
  private db!: ConsoleDb;

  async boot(): Promise<void> {
    this.db = await openConsoleDb();
    const session = await getKv(this.db, 'session');
    this.update({ session, phase: session ? 'ready' : 'login' });
    if (session && !session.timeZone) void this.learnZone(session);
    addEventListener('online', () => this.update({ online: true }));
    addEventListener('offline', () => this.update({ online: false }));
  }

  /** A session stored before sessions kept their zone: ask for it once, keep it. */
  private async learnZone(session: ConsoleSession): Promise<void> {
    const timeZone = await zoneOf(session.token);
    if (!timeZone || this.snapshot.session !== session) return;
    const next = { ...session, timeZone };
    await putKv(this.db, 'session', next);
    this.update({ session: next });
  }

  private update(patch: Partial<ConsoleSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  async login(credentials: Credentials): Promise<void> {
    const session = await consoleLogIn(credentials);
    await putKv(this.db, 'session', session);
    this.update({ session, phase: 'ready' });
  }

  /** Ends the session on the server when it can, and on this device always. */
  async logout(): Promise<void> {
    const token = this.snapshot.session?.token;
    if (token) await api('/auth/logout', { method: 'POST', token }).catch(() => undefined);
    await this.db.delete('kv', 'session');
    this.update({ session: undefined, phase: 'login' });
  }

  /**
   * A GET with the session's token for a screen; a 401 means the session is over, so the
   * console goes back to the login.
   */
  async get<T>(path: string): Promise<T> {
    try {
      return await api<T>(path, { token: this.snapshot.session?.token });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        await this.db.delete('kv', 'session');
        this.update({ session: undefined, phase: 'login' });
      }
      throw error;
    }
  }
}

/** The console page's one state. */
export const consoleState = new ConsoleState();
