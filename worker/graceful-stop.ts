import type { ServerType } from '@hono/node-server';
import { appError } from './errors';

/**
 * The Node host's clean stop on SIGTERM (DESIGN 13, issue 14): stop taking requests,
 * let the sales in flight finish, then close. Node only.
 *
 * - The listener closes at once: a new connection is refused. A request on a kept-alive
 *   connection is answered 503 `shutting_down` with `Connection: close` (health too).
 * - Requests in flight, and the carrier calls that outlive their request, get up to
 *   CARRIER_TIMEOUT_MS plus a second for their last write: a carrier call ends by then
 *   (it times out into `unknown`), so each sale ends posted, voided or unknown as usual.
 *   What is still open after that stays pending, for reconciliation at the next start.
 */
export class GracefulStop {
  private stopping = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly graceMs = 1_000,
  ) {}

  get draining(): boolean {
    return this.stopping;
  }

  /** Wraps the app's fetch: refuses every request once the stop has begun. */
  guard<A extends unknown[]>(
    fetch: (request: Request, ...rest: A) => Response | Promise<Response>,
  ) {
    return (request: Request, ...rest: A): Response | Promise<Response> => {
      if (!this.stopping) return fetch(request, ...rest);
      return new Response(JSON.stringify(appError('shutting_down').toJSON()), {
        status: 503,
        headers: { 'content-type': 'application/json', connection: 'close', 'retry-after': '5' },
      });
    };
  }

  /** Resolves once nothing is in flight, or the bound has passed; the caller then closes the database. */
  async drain(
    server: ServerType,
    background: Set<Promise<unknown>>,
  ): Promise<'settled' | 'timed_out'> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A kept-alive connection whose last request ends now goes idle: close it then.
    const idle = setInterval(() => {
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }, 50);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), this.timeoutMs + this.graceMs);
    });
    // Requests first (a sale's carrier call starts inside one), then what they left running.
    const settled = closed
      .then(() => Promise.allSettled([...background]))
      .then(() => 'settled' as const);
    const outcome = await Promise.race([settled, bound]);
    clearTimeout(timer);
    clearInterval(idle);
    if ('closeAllConnections' in server) server.closeAllConnections();
    return outcome;
  }
}
