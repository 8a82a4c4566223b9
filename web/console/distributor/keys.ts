import { v7 as uuidv7 } from 'uuid';
import { NetworkError } from '../../shared/api';

/**
 * Idempotency-Keys the console stores before the first send (issue 11): an approval or a
 * stock transfer keeps its key until the server has answered it, so a retry after a lost
 * answer (a dropped connection, a reload) is the same request and never a second one.
 * localStorage, as its write is done before the request leaves.
 */

type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'airload.key.';

export class StoredKeys {
  constructor(
    private readonly storage: KeyStorage,
    private readonly make: () => string = uuidv7,
  ) {}

  /** The key of `purpose` ("approve:<id>"), made and stored the first time. */
  keyFor(purpose: string): string {
    const stored = this.storage.getItem(PREFIX + purpose);
    if (stored) return stored;
    const key = this.make();
    this.storage.setItem(PREFIX + purpose, key);
    return key;
  }

  forget(purpose: string): void {
    this.storage.removeItem(PREFIX + purpose);
  }

  /**
   * Sends with the purpose's key; forgets the key once the server has answered for good
   * (a 2xx, or a refusal that sticks to it, such as a 402), keeps it when no answer came
   * or the server was away (network, 5xx), so the next try is the same request.
   */
  async send<T>(purpose: string, call: (key: string) => Promise<T>): Promise<T> {
    const key = this.keyFor(purpose);
    try {
      const answer = await call(key);
      this.forget(purpose);
      return answer;
    } catch (error) {
      if (!retryable(error)) this.forget(purpose);
      throw error;
    }
  }
}

const retryable = (error: unknown): boolean => {
  if (error instanceof NetworkError) return true;
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  return (
    typeof status !== 'number' ||
    status >= 500 ||
    (status === 409 && code === 'idempotency_in_progress')
  );
};

/** The console page's keys. */
export const consoleKeys = (): StoredKeys => new StoredKeys(localStorage);
