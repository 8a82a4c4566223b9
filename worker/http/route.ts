import { createRoute, z } from '@hono/zod-openapi';
import { type Access, authorize } from '../auth/middleware';
import { appError, type ErrorCode } from '../errors';

type RouteSpec = Parameters<typeof createRoute>[0];

/**
 * A route that declares who may call it (DESIGN 7) and the error codes it answers
 * with. `authorize(access)` enforces the declaration before anything else runs; the
 * OpenAPI document (worker/openapi.ts) and the route-matrix test read it back from
 * the `x-access` and `x-errors` fields. Every route is under /api/, behind the body
 * limit (worker/app.ts), so each can answer `413 body_too_large` (issue 14 item 1).
 * `replays`: a repeated request gets the stored answer with `Idempotent-Replayed: true`.
 */
export function route<const R extends Omit<RouteSpec, 'middleware'>>(
  spec: R & { access: Access; errors?: readonly ErrorCode[]; replays?: boolean },
) {
  const { access, errors = [], replays = false, ...config } = spec;
  return createRoute({
    ...config,
    middleware: [authorize(access)] as const,
    'x-access': access,
    'x-errors': [...errors, 'body_too_large'] as ErrorCode[],
    'x-replays': replays,
  });
}

/** A JSON response body of `schema`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A CSV response body (DESIGN 10's exports: RFC 4180, worker/http/csv.ts). */
export const csv = (description: string) => ({
  content: { 'text/csv; charset=utf-8': { schema: z.string() } },
  description,
});

/** A required JSON request body of `schema`. */
export const body = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/** Path parameter `id`. */
export const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** `{ "error": { "code", "message" } }`: `code` is stable, `message` is for people. */
export const ErrorBody = z
  .strictObject({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');

/** Cursor paging, newest first. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});

/**
 * The validation hook of every route: a 4xx in the one error shape, never the
 * validator's own answer.
 */
export function validationHook(result: { success: boolean; target: string; error?: z.ZodError }) {
  if (result.success) return;
  const issues = (result.error?.issues ?? [])
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  if (result.target === 'header') throw appError('invalid_idempotency_key');
  if (result.target === 'query') throw appError('invalid_query', issues);
  if (result.target === 'param') throw appError('not_found');
  throw appError('invalid_request', issues);
}
