import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { adminRoutes } from './admin/routes';
import { auditRoutes } from './audit/routes';
import type { AppEnv } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { catalogRoutes } from './catalog/routes';
import type { Deps } from './deps';
import { devRoutes } from './dev/routes';
import { AppError, appError } from './errors';
import { accessLog } from './http/access-log';
import { limitBody } from './http/body-limit';
import { logOf } from './log';
import { docsPage, openApiDocument } from './openapi';
import { outletRoutes } from './outlets/routes';
import { receiptRoutes } from './receipts/routes';
import { regionRoutes } from './regions/routes';
import { reportRoutes } from './reports/routes';
import { salesRoutes } from './sales/routes';
import { smsRoutes } from './sms/routes';
import { stockRequestRoutes } from './stock/request-routes';
import { stockRoutes } from './stock/routes';
import { userRoutes } from './users/routes';
import { ussdRoutes } from './ussd/routes';
import { VISIT_POST_PATH, visitRoutes } from './visits/routes';
import { walletRoutes } from './wallets/routes';

export interface AppOptions {
  /** The host's static files (the built PWA), tried for GET requests outside /api. */
  assets?: MiddlewareHandler;
  /** The client's address as the host knows it (for login rate limits). */
  clientAddress?: (c: Context) => string | undefined;
  /** GET /metrics and the middleware that counts for it: the Node host only (issue 14). */
  metrics?: { middleware: MiddlewareHandler; handler: MiddlewareHandler };
}

/** DESIGN 7: a strict Content Security Policy; everything the PWA loads is its own. */
const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The whole Airload API (DESIGN 2), built from its dependencies: every route family
 * and middleware is on this screen. It imports nothing runtime-specific; worker/node.ts
 * and worker/index.ts host it.
 */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  const log = logOf(deps);

  app.use(requestId(), accessLog(log));
  if (options.metrics) app.use(options.metrics.middleware);
  app.use(secureHeaders({ contentSecurityPolicy }));
  // CORS is closed unless CORS_ORIGINS names origins: the PWA is served from the API's own origin.
  if (deps.config.CORS_ORIGINS.length > 0)
    app.use('/api/*', cors({ origin: deps.config.CORS_ORIGINS }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set(
      'clientAddress',
      options.clientAddress?.(c) ?? c.req.header('cf-connecting-ip') ?? 'unknown',
    );
    await next();
  });
  const bodies = limitBody(deps.config.BODY_LIMIT);
  // A visit may carry a 300 KB photo (DESIGN 10): its route alone gets VISIT_BODY_LIMIT.
  const visitBodies = limitBody(deps.config.VISIT_BODY_LIMIT);
  app.use('/api/*', (c, next) =>
    (c.req.method === 'POST' && VISIT_POST_PATH.test(c.req.path) ? visitBodies : bodies)(c, next),
  );

  app.get('/health', async (c) => {
    await deps.client.execute('SELECT 1');
    return c.json({ ok: true });
  });
  if (options.metrics) app.get('/metrics', options.metrics.handler);
  app.route('/api/v1/auth', authRoutes);
  app.route('/api/v1/sales', salesRoutes);
  app.route('/api/v1/wallet', walletRoutes);
  app.route('/api/v1/admin', adminRoutes);
  app.route('/api/v1/outlets', outletRoutes);
  app.route('/api/v1/outlets', visitRoutes);
  app.route('/api/v1/users', userRoutes);
  app.route('/api/v1/regions', regionRoutes);
  app.route('/api/v1/stock-transfers', stockRoutes);
  app.route('/api/v1/stock-requests', stockRequestRoutes);
  app.route('/api/v1/audit', auditRoutes);
  app.route('/api/v1/reports', reportRoutes);
  app.route('/api/v1', catalogRoutes);
  app.route('/api/v1/sales', receiptRoutes);
  app.route('/ussd', ussdRoutes);
  app.route('/sms', smsRoutes);
  if (deps.config.SEED_DEMO) app.route('/dev', devRoutes);

  let doc: ReturnType<typeof openApiDocument> | undefined;
  const document = () => {
    doc ??= openApiDocument(app);
    return doc;
  };
  app.get('/api/v1/openapi.json', (c) => c.json(document()));
  app.get('/api/docs', (c) => c.html(docsPage(document())));

  if (options.assets) app.get('*', options.assets);

  app.notFound((c) => c.json(appError('not_found', 'No such route').toJSON(), 404));
  app.onError((error, c) => {
    if (error instanceof AppError) {
      if (error.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(error.toJSON(), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code =
        error.status === 415
          ? 'unsupported_media_type'
          : /JSON/i.test(error.message)
            ? 'invalid_json'
            : 'invalid_request';
      return c.json({ error: { code, message: error.message } }, error.status);
    }
    // Never a stack trace to a client: the details go to the log.
    log.error('unhandled error', {
      request_id: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return c.json({ error: { code: 'internal', message: 'Something went wrong; try again' } }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
