import type { Client } from '@libsql/client';
import type { AtSmsFake } from '../../worker/sms/africastalking-fake';

/**
 * A running Airload host the black-box API suite talks to over HTTP (issue 5): the Node
 * host, or `wrangler dev` on sqld (a primary, or a replica of one). The suite is written
 * once against this and run against each, so the hosts cannot drift.
 */
export interface Target {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The carrier simulator service the host calls (its GET /credited is the carrier's record). */
  carrierUrl: string;
  /** Runs the reconciliation job once and resolves when it has finished. */
  reconcile(): Promise<void>;
  /** The database the host writes to (on a replica setup: the primary), for the ledger check. */
  database: Client;
  /**
   * The SMS provider the host sends replies and receipts through (SMS_PROVIDER=africastalking):
   * a local fake of Africa's Talking's API, which keeps what it was asked to send.
   */
  sms: Pick<AtSmsFake, 'received' | 'waitFor'>;
}

/**
 * The hosts' configuration in these tests: the carrier answers or times out fast and
 * reconciliation may act 2 s after a sale, so the simulator's slow (904) and lost (902,
 * 903) top-ups settle within seconds. CARRIER_SLOW_MS is the simulator's 904 delay:
 * longer than the API waits, shorter than the carrier timeout.
 */
export const SUITE_ENV = {
  JWT_SECRET: 'edge-suite-secret-that-is-at-least-32-characters',
  SALE_WAIT_MS: '700',
  CARRIER_TIMEOUT_MS: '1500',
  RECONCILE_AFTER_MS: '2000',
  // Reconciliation runs when the suite says so (cron or admin route), not on a timer.
  RECONCILE_INTERVAL_MS: String(3_600_000),
  // A USSD or SMS sale waits as long as the API's: the slow top-up (904) ends "pending".
  USSD_WAIT_MS: '700',
  GATEWAY_SECRET: 'edge-suite-gateway-secret',
  // Outgoing SMS through the Africa's Talking adapter, to the stack's local fake (AT_SMS_URL).
  SMS_PROVIDER: 'africastalking',
  AT_USERNAME: 'airload',
  AT_API_KEY: 'edge-suite-at-key',
};
export const CARRIER_SLOW_MS = 1_000;

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface Sale {
  id: string;
  msisdn: string;
  amount: number;
  currency: string;
  status: 'pending' | 'unknown' | 'succeeded' | 'failed' | 'reversed';
  commission: number;
  failure_code: string | null;
  created_at: string;
}

export interface Wallet {
  available: number;
  held: number;
  commission: number;
  currency: string;
}

/**
 * wrangler dev's own proxy (its ProxyWorker, in front of the Worker) loses a request now
 * and then: its pooled connection to the Worker and the Worker's server both close an
 * idle keep-alive connection after 5 s, and a request written onto one at that moment
 * fails with this 503 while the Worker never saw it (cloudflare/workers-sdk#14641; GET
 * and HEAD it retries itself). Production Workers have no such proxy. A device would
 * send the same request again, with the same Idempotency-Key; so does the suite, up to
 * three times, and says so on stderr, so that the Worker's own answers are what is tested.
 * Under load the proxy sometimes drops the connection instead (fetch fails, "other side
 * closed"): a request with an Idempotency-Key is sent again then too, as a device would;
 * one without is not, since it could have been applied.
 */
const DEV_PROXY_LOST = 'Your worker restarted mid-request.';

/** fetch, sent again when wrangler dev's proxy lost it (never for an answer of the host's). */
export async function hostFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const keyed = new Headers(init.headers).has('idempotency-key');
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (error) {
      if (!keyed || attempt > 3) throw error;
      console.error(`the connection for ${init.method ?? 'GET'} ${url} dropped; sending it again`);
      continue;
    }
    if (res.status !== 503 || attempt > 3) return res;
    const text = await res.clone().text();
    if (!text.startsWith(DEV_PROXY_LOST)) return res;
    console.error(`wrangler dev's proxy lost ${init.method ?? 'GET'} ${url}; sending it again`);
  }
}

/** The API over HTTP, as a device would call it. */
export class Api {
  constructor(readonly base: string) {}

  async call<T = unknown>(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await hostFetch(`${this.base}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text, and the test says what it expected
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  /** Logs in (demo PIN or password by default) and returns the access token. */
  async login(who: string, secret?: string): Promise<string> {
    const body = who.includes('@')
      ? { email: who, password: secret ?? 'airload-demo' }
      : { phone: who, pin: secret ?? '1357' };
    const res = await this.call<{ token?: string }>('POST', '/api/v1/auth/login', { body });
    if (res.status !== 200 || !res.body.token) {
      throw new Error(`login ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body.token;
  }

  sell(token: string, key: string, body: unknown) {
    return this.call<Sale & ErrorBody>('POST', '/api/v1/sales', {
      token,
      body,
      headers: { 'idempotency-key': key },
    });
  }

  async sale(token: string, id: string): Promise<Sale> {
    const res = await this.call<Sale>('GET', `/api/v1/sales/${id}`, { token });
    if (res.status !== 200)
      throw new Error(`GET sale ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async wallet(token: string): Promise<Wallet> {
    const res = await this.call<Wallet>('GET', '/api/v1/wallet', { token });
    if (res.status !== 200)
      throw new Error(`GET wallet: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** Polls `probe` until `done` holds; throws with the last value after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const isFinal = (sale: Sale) => sale.status !== 'pending' && sale.status !== 'unknown';
