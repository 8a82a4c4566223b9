import { z } from 'zod';

/** POST /auth/login and /auth/refresh (see sales.ts for why these live in core/). */

export const Tokens = z.object({
  token: z.string(),
  expires_at: z.string(),
  refresh_token: z.string(),
});
export type Tokens = z.infer<typeof Tokens>;

export const LoginAnswer = Tokens.extend({
  user: z.object({ id: z.string(), role: z.string(), name: z.string() }),
});
export type LoginAnswer = z.infer<typeof LoginAnswer>;

/** The body of every 4xx (DESIGN 7). */
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;
