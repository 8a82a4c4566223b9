import { OpenAPIHono, z } from '@hono/zod-openapi';
import { LoginAnswer as LoginAnswerSchema, Tokens as TokensAnswer } from '../../core/api/auth';
import { body, json, route, validationHook } from '../http/route';
import { changeSecret } from './credentials';
import type { AppEnv } from './middleware';
import { login, logout, refresh } from './service';

const Login = z
  .union([
    z.strictObject({
      phone: z.string().min(3).max(32).openapi({ example: '+254700000101' }),
      pin: z
        .string()
        .regex(/^\d{4,6}$/)
        .openapi({ example: '1357' }),
    }),
    z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(256) }),
  ])
  .openapi('LoginRequest');

const Tokens = TokensAnswer.openapi('Tokens');
const LoginAnswer = LoginAnswerSchema.openapi('LoginAnswer');

const anyone = { roles: 'public', scope: 'none' } as const;
const loggedIn = { roles: ['retailer', 'distributor', 'manager', 'admin'], scope: 'self' } as const;

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'post',
      path: '/login',
      tags: ['auth'],
      summary: 'Log in: phone + PIN (retailers, distributors) or email + password (staff)',
      access: anyone,
      errors: ['invalid_credentials', 'account_locked', 'rate_limited', 'outlet_frozen'],
      request: { body: body(Login) },
      responses: { 200: json(LoginAnswer, 'Tokens and the user') },
    }),
    async (c) => {
      const meta = { address: c.get('clientAddress'), channel: 'app' };
      return c.json(await login(c.get('deps'), c.req.valid('json'), meta), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/refresh',
      tags: ['auth'],
      summary: 'Spend a refresh token for a new access token and a new refresh token',
      access: anyone,
      errors: ['invalid_token'],
      request: { body: body(z.strictObject({ refresh_token: z.string().min(1).max(128) })) },
      responses: { 200: json(Tokens, 'New tokens') },
    }),
    async (c) => c.json(await refresh(c.get('deps'), c.req.valid('json').refresh_token), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/logout',
      tags: ['auth'],
      summary: 'End this session: the access and refresh tokens stop working',
      access: loggedIn,
      responses: { 204: { description: 'Logged out' } },
    }),
    async (c) => {
      await logout(c.get('deps'), c.get('user'), 'app');
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/secret',
      tags: ['auth'],
      summary: 'Change one’s own PIN or password; every session ends',
      access: loggedIn,
      errors: ['invalid_credentials', 'account_locked'],
      request: {
        body: body(
          z.strictObject({ current: z.string().min(1).max(256), next: z.string().min(4).max(256) }),
        ),
      },
      responses: { 204: { description: 'Changed; log in again' } },
    }),
    async (c) => {
      const { current, next } = c.req.valid('json');
      await changeSecret(c.get('deps'), c.get('user'), current, next, 'app');
      return c.body(null, 204);
    },
  );
