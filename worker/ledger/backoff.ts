/**
 * Full-jitter exponential backoff with a time budget, for retrying a write that the
 * database refused only because another writer held the lock (SQLITE_BUSY).
 */
export interface BackoffOptions {
  /** First wait's upper bound, ms. */
  baseMs?: number;
  /** No single wait is longer than this, ms. */
  capMs?: number;
  /** Give up once this long has passed since the first try, ms. */
  budgetMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Backoff {
  private attempt = 0;
  private readonly started: number;
  private readonly options: Required<BackoffOptions>;

  constructor(options: BackoffOptions = {}) {
    this.options = {
      baseMs: 2,
      capMs: 100,
      budgetMs: 15_000,
      random: Math.random,
      sleep: realSleep,
      now: Date.now,
      ...options,
    };
    this.started = this.options.now();
  }

  /** Waits before the next try; false, without waiting, when the budget is spent. */
  async wait(): Promise<boolean> {
    const { baseMs, capMs, budgetMs, random, sleep, now } = this.options;
    const left = budgetMs - (now() - this.started);
    if (left <= 0) return false;
    const bound = Math.min(capMs, baseMs * 2 ** this.attempt++);
    await sleep(Math.min(left, random() * bound));
    return true;
  }
}
