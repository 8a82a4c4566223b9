import { errorOf } from './types';

/** A 4xx/5xx answer from the API, with the server's code and message (DESIGN 7). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No answer at all: offline, the connection dropped, or the wait ran out. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export interface ApiRequest {
  method?: string;
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  /** The server waits up to SALE_WAIT_MS for the carrier: leave room for that on a slow link. */
  timeoutMs?: number;
}

export interface RawAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** One request to /api/v1; never throws for an HTTP status, only for no answer. */
export async function request(path: string, init: ApiRequest = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
      signal: AbortSignal.timeout(init.timeoutMs ?? 20_000),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers };
}

/** A request whose non-2xx answer is thrown as an ApiError. */
export async function api<T>(path: string, init: ApiRequest = {}): Promise<T> {
  const answer = await request(path, init);
  if (answer.status >= 200 && answer.status < 300) return answer.body as T;
  const error = errorOf(answer.body) ?? {
    code: `http_${answer.status}`,
    message: `HTTP ${answer.status}`,
  };
  throw new ApiError(answer.status, error.code, error.message);
}
