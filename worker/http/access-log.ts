import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log';

/**
 * One log line per request (issue 14): its id (hono/request-id, echoed as X-Request-Id),
 * method, path without the query (a gateway's ?secret= must not reach the log), status
 * and milliseconds. Never a header or a body.
 */
export function accessLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    log.info('request', {
      request_id: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  };
}
