import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { adminRoutes } from './admin/routes';
import type { AppEnv } from './auth/middleware';
import { authRoutes } from './auth/routes';
import type { Deps } from './deps';
import { AppError } from './errors';
import { salesRoutes } from './sales/routes';
import { walletRoutes } from './wallets/routes';

export interface AppOptions {
  /** The host's static files (the built PWA), tried for GET requests outside /api. */
  assets?: MiddlewareHandler;
}

/**
 * The whole Airload API (DESIGN 2), built from its dependencies: every route family
 * and middleware is on this screen. It imports nothing runtime-specific; worker/node.ts
 * and worker/index.ts host it.
 */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  app.use(secureHeaders());
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.BODY_LIMIT,
      onError: () => {
        throw new AppError(413, 'body_too_large', `Bodies are limited to ${deps.config.BODY_LIMIT} bytes`);
      },
    }),
  );

  app.get('/health', async (c) => {
    await deps.client.execute('SELECT 1');
    return c.json({ ok: true });
  });
  app.route('/api/v1/auth', authRoutes);
  app.route('/api/v1/sales', salesRoutes);
  app.route('/api/v1/wallet', walletRoutes);
  app.route('/api/v1/admin', adminRoutes);

  if (options.assets) app.get('*', options.assets);

  app.notFound((c) => c.json(new AppError(404, 'not_found', 'No such route').toJSON(), 404));
  app.onError((error, c) => {
    if (error instanceof AppError) {
      if (error.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(error.toJSON(), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: { code: 'bad_request', message: error.message } }, error.status);
    }
    // Never a stack trace to a client: the details go to the log.
    console.error('unhandled error', c.req.method, c.req.path, error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong; try again' } }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
