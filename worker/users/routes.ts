import { OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES } from '../../core/api/enums';
import {
  NewUser,
  Onboarded,
  UserView as UserAnswer,
  UserChange,
  UserPage,
} from '../../core/api/onboarding';
import { resetPin, unlockUser } from '../auth/credentials';
import type { AppEnv } from '../auth/middleware';
import { appError } from '../errors';
import { body, idParam, json, pageQuery, route, validationHook } from '../http/route';
import { changeUser, onboardUser, searchUsers } from './service';

const UserView = UserAnswer.openapi('User');
const UserQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  region_id: z.string().max(64).optional(),
});

export const userRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['onboarding'],
      summary: 'Every user, by name, phone or email (q), role and region',
      access: { roles: ['admin'], scope: 'none' },
      request: { query: UserQuery },
      responses: {
        200: json(UserPage.extend({ items: z.array(UserView) }).openapi('UserPage'), 'The users'),
      },
    }),
    async (c) => c.json(await searchUsers(c.get('deps'), c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/',
      tags: ['onboarding'],
      summary: 'Onboard a user of any role; its first PIN or password is in the answer, once',
      access: { roles: ['admin'], scope: 'none' },
      errors: ['invalid_msisdn', 'phone_taken', 'email_taken'],
      request: { body: body(NewUser.openapi('NewUser')) },
      responses: {
        201: json(
          Onboarded.extend({ user: UserView }).openapi('Onboarded'),
          'The user and its first secret (a PIN for phone logins, a password for staff)',
        ),
      },
    }),
    async (c) => {
      const answer = await onboardUser(c.get('deps'), c.get('user'), c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return c.json(answer, 201);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/{id}',
      tags: ['onboarding'],
      summary: 'Rename, move a retailer to another distributor of its region, (de)activate',
      access: { roles: ['admin'], scope: 'target' },
      errors: ['region_change_not_supported'],
      request: { params: idParam, body: body(UserChange.openapi('UserChange')) },
      responses: { 200: json(UserView, 'The user as it is now') },
    }),
    async (c) =>
      c.json(
        await changeUser(
          c.get('deps'),
          c.get('user'),
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/unlock',
      tags: ['users'],
      summary: 'Lift a lockout after wrong PINs or passwords',
      access: { roles: ['manager', 'admin'], scope: 'target' },
      request: { params: idParam },
      responses: { 204: { description: 'Unlocked' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // A lock is lifted by someone else: a locked account does not unlock itself.
      if (id === c.get('user').id)
        throw appError('forbidden', 'Ask a manager or an admin to lift your lock');
      await unlockUser(c.get('deps'), c.get('user'), id);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{id}/pin-reset',
      tags: ['users'],
      summary: 'Set a new random PIN, shown once; lifts a lock and ends the user’s sessions',
      access: { roles: ['distributor', 'admin'], scope: 'target' },
      errors: ['invalid_request'],
      request: { params: idParam },
      responses: {
        200: json(z.object({ pin: z.string() }).openapi('PinReset'), 'The new PIN, shown once'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('user');
      // One's own PIN is changed with the current one (POST /auth/secret), never reset.
      if (id === user.id) throw appError('forbidden', 'Change your own PIN at /api/v1/auth/secret');
      const answer = await resetPin(c.get('deps'), user, id);
      c.header('Cache-Control', 'no-store');
      return c.json(answer, 200);
    },
  );
