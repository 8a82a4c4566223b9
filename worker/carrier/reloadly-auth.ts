import { z } from 'zod';
import { CarrierTimeoutError } from './gateway';

/**
 * Reloadly refused our client credentials (or every token it issued us). A configuration
 * error, not a carrier outcome: it is a CarrierTimeoutError so every caller keeps the sale
 * `unknown` rather than guessing (DESIGN 4), and reconciliation settles it once the
 * credentials are fixed. The message names the variables to check.
 */
export class ReloadlyCredentialsError extends CarrierTimeoutError {}

export interface ReloadlyTokenOptions {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  /** The API the token is for: Reloadly issues a token per audience (its API base URL). */
  audience: string;
  fetchImpl: typeof fetch;
  now: () => number;
  log: (message: string) => void;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/** Renew this long before the token expires, so it cannot lapse on its way to the API. */
const RENEW_MARGIN_MS = 60_000;

/**
 * The OAuth2 client-credentials token, cached until shortly before it expires. Callers
 * that find no token at the same time share one token request.
 */
export class ReloadlyTokens {
  private cached: { token: string; renewAt: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(private readonly options: ReloadlyTokenOptions) {}

  get(signal: AbortSignal): Promise<string> {
    const cached = this.cached;
    if (cached && this.options.now() < cached.renewAt) return Promise.resolve(cached.token);
    this.fetching ??= this.request(signal).finally(() => {
      this.fetching = undefined;
    });
    return untilAborted(this.fetching, signal);
  }

  /** The API refused `token`: drop it, unless a newer one has replaced it already. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /** Every token we get is refused: the client is not allowed to use this API. */
  refused(status: number): ReloadlyCredentialsError {
    return this.credentialsError(`the API refused a fresh access token (HTTP ${status})`);
  }

  private async request(signal: AbortSignal): Promise<string> {
    const { clientId, clientSecret, authUrl, audience, fetchImpl, now } = this.options;
    const asked = now();
    const response = await fetchImpl(authUrl, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'client_credentials',
        audience,
      }),
      signal,
    });
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw this.credentialsError(`the token endpoint refused them (HTTP ${response.status})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`token endpoint answered HTTP ${response.status}`);
    }
    const parsed = tokenAnswer.safeParse(await response.json());
    if (!parsed.success) throw new Error('token endpoint gave an unexpected answer');
    const lifetimeMs = parsed.data.expires_in * 1_000;
    // Short-lived tokens (tests, sandboxes) renew at nine tenths of their life instead.
    const margin = Math.min(RENEW_MARGIN_MS, lifetimeMs / 10);
    this.cached = { token: parsed.data.access_token, renewAt: asked + lifetimeMs - margin };
    return parsed.data.access_token;
  }

  private credentialsError(what: string): ReloadlyCredentialsError {
    const message =
      `Reloadly refused the client credentials: ${what}. ` +
      `Check RELOADLY_CLIENT_ID, RELOADLY_CLIENT_SECRET and RELOADLY_AUTH_URL.`;
    this.options.log(message);
    return new ReloadlyCredentialsError(message);
  }
}

/** `promise`, or the abort reason as soon as `signal` aborts (the shared token request may outlive one caller's deadline). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
