import type { Context } from 'hono';
import type { z } from 'zod';
import { appError } from '../errors';

const describe = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');

/** The request's JSON body, checked against `schema`; anything else is a 4xx that writes nothing. */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw appError('unsupported_media_type', 'Send the body as application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw appError('invalid_json', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw appError('invalid_request', describe(parsed.error));
  return parsed.data;
}

/** Query parameters, checked against `schema`. */
export function query<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw appError('invalid_query', describe(parsed.error));
  return parsed.data;
}
