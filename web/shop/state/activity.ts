import { idleTooLong } from '../session';

const ACTIVE_KEY = 'airload.lastActiveAt';

/**
 * When the shopkeeper last touched the page, kept in localStorage across reloads (at
 * most every five seconds while active, and when the page is hidden), for the idle lock.
 */
export class Activity {
  private lastActiveAt = Number(localStorage.getItem(ACTIVE_KEY) ?? 0);

  /** Records activity now. */
  touch(): void {
    const now = Date.now();
    if (now - this.lastActiveAt > 5_000) localStorage.setItem(ACTIVE_KEY, String(now));
    this.lastActiveAt = now;
  }

  /** Keeps the last activity for the next load of the page. */
  persist(): void {
    localStorage.setItem(ACTIVE_KEY, String(this.lastActiveAt));
  }

  /** Whether the lock screen is due (LOCK_AFTER_MS without activity). */
  idle(): boolean {
    return idleTooLong(this.lastActiveAt, Date.now());
  }
}
