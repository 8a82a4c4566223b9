import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../http/validate';
import type { AppEnv } from './middleware';
import { login } from './service';

const credentials = z.union([
  z.strictObject({ phone: z.string().min(3).max(32), pin: z.string().regex(/^\d{4,6}$/) }),
  z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(256) }),
]);

export const authRoutes = new Hono<AppEnv>().post('/login', async (c) =>
  c.json(await login(c.get('deps'), await jsonBody(c, credentials))),
);
