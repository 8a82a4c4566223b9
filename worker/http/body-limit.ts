import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { appError } from '../errors';
import { READ_OUT_LIMIT } from './read-out';

/**
 * Hono's bodyLimit, answering `413 body_too_large`, except that a body sent without a
 * Content-Length (chunked) is read to its end, up to READ_OUT_LIMIT, before the 413 is
 * thrown (issue 14 item 2): hono's stops reading half way, and the connection could then
 * only be closed under a client still sending, which loses it the answer. A body with a
 * Content-Length is refused before it is read; worker/http/read-out.ts reads it out.
 */
export function limitBody(maxSize: number) {
  const tooLarge = () => {
    throw appError('body_too_large', `Bodies are limited to ${maxSize} bytes`);
  };
  const limit = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    const raw = c.req.raw;
    const streamed =
      raw.body && (raw.headers.has('transfer-encoding') || !raw.headers.has('content-length'));
    if (!streamed || !raw.body) return limit(c, next);
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > READ_OUT_LIMIT) {
        // Past the bound: read-out.ts answers Connection: close (the body stays locked).
        return tooLarge();
      }
      if (size <= maxSize) chunks.push(value);
    }
    reader.releaseLock();
    if (size > maxSize) return tooLarge();
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    return next();
  });
}
