import { z } from '@hono/zod-openapi';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../auth/middleware';
import { appError } from '../errors';

/** Equal strings, compared in constant time (over their hashes, so the length does not show). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = sha256(utf8ToBytes(given));
  const b = sha256(utf8ToBytes(expected));
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * What every gateway callback passes first (DESIGN 6): gateways do not sign their
 * callbacks, so with GATEWAY_SECRET set the URL must carry `?secret=` with it (401
 * otherwise); then the body limit, answered 413 like the API's, before any parsing.
 */
export const gatewayGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { config } = c.get('deps');
  const secret = config.GATEWAY_SECRET;
  if (secret !== undefined && !secretsEqual(c.req.query('secret') ?? '', secret))
    throw appError('gateway_unauthorized');
  return bodyLimit({
    maxSize: config.BODY_LIMIT,
    onError: () => {
      throw appError('body_too_large', `Bodies are limited to ${config.BODY_LIMIT} bytes`);
    },
  })(c, next);
};

/** A `text/plain` answer, for the OpenAPI document. */
export const plainText = (description: string) => ({
  content: { 'text/plain': { schema: z.string() } },
  description,
});
