import { OpenAPIHono, z } from '@hono/zod-openapi';
import { resetPin, unlockUser } from '../auth/credentials';
import type { AppEnv } from '../auth/middleware';
import { appError } from '../errors';
import { idParam, json, route, validationHook } from '../http/route';

export const userRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
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
