import { z } from 'zod';
import { ROLES } from '../../db/schema';
import type { Access } from '../../worker/auth/middleware';

/**
 * The app's routes, read from the app itself (issue 3: "read from the app's own route
 * list, so a new route cannot escape it"): Hono's route table for every handler, joined
 * with the OpenAPI document for what `route()` declared about it.
 */

interface RoutedApp {
  routes: readonly { method: string; path: string }[];
  request(path: string): Response | Promise<Response>;
}

/** The docs routes describe the others; they are not in the document themselves. */
export const DOCS_ROUTES = ['GET /api/v1/openapi.json', 'GET /api/docs'];

const AccessSchema = z.object({
  roles: z.union([z.literal('public'), z.array(z.enum(ROLES))]),
  scope: z.enum(['self', 'target', 'none']),
});

const Operation = z.looseObject({
  'x-access': AccessSchema.optional(),
  'x-errors': z.array(z.string()).optional(),
  responses: z.record(z.string(), z.unknown()),
  parameters: z.array(z.looseObject({ in: z.string(), name: z.string() })).optional(),
  requestBody: z.unknown().optional(),
});
export type Operation = z.infer<typeof Operation>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

export const OpenApiDoc = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.looseObject({})),
});

export interface AppRoute {
  /** "METHOD /path" with OpenAPI's `{param}`, the fixtures' key. */
  key: string;
  method: string;
  path: string;
  /** Under /api/: described by the OpenAPI document. */
  api: boolean;
  /** Names of the path parameters. */
  params: string[];
  /** What route() declared; undefined when the route is not in the OpenAPI document. */
  access?: Access;
  operation?: Operation;
}

/** Hono's `:id`, `:id{[0-9]+}` and `:id?` as OpenAPI's `{id}`. */
export const openApiPath = (path: string) =>
  path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

type HandlerRoute = Pick<AppRoute, 'key' | 'method' | 'path' | 'api'>;

/** Every handler in Hono's own table: method + path, middleware ('ALL') and the docs left out. */
export function handlerRoutes(app: RoutedApp): HandlerRoute[] {
  const seen = new Map<string, HandlerRoute>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const path = openApiPath(r.path);
    const key = `${r.method} ${path}`;
    const api = path.startsWith('/api/');
    if (!DOCS_ROUTES.includes(key)) seen.set(key, { method: r.method, path, key, api });
  }
  return [...seen.values()];
}

/** The operations of the OpenAPI document, by "METHOD /path". */
export async function documentOperations(app: RoutedApp): Promise<Map<string, Operation>> {
  const res = await app.request('/api/v1/openapi.json');
  const doc = OpenApiDoc.parse(await res.json());
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op !== undefined) operations.set(`${method.toUpperCase()} ${path}`, Operation.parse(op));
    }
  }
  return operations;
}

/** Hono's routes joined with what the document says about each. */
export async function routeTable(app: RoutedApp): Promise<AppRoute[]> {
  const operations = await documentOperations(app);
  return handlerRoutes(app).map((r) => {
    const operation = operations.get(r.key);
    const params = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    return { ...r, params, access: operation?.['x-access'], operation };
  });
}

/** The path with its parameters filled in (each encoded). */
export const fillPath = (path: string, params: Record<string, string> = {}) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
