import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Access } from './auth/middleware';
import { ERRORS, type ErrorCode } from './errors';
import { ErrorBody } from './http/route';

type Operation = {
  summary?: string;
  tags?: string[];
  requestBody?: unknown;
  parameters?: Array<{ in: string }>;
  responses: Record<string, unknown>;
  'x-access'?: Access;
  'x-errors'?: ErrorCode[];
  'x-replays'?: boolean;
  description?: string;
  operationId?: string;
  security?: unknown[];
};

/** The errors every route of its kind can answer, besides those it declares. */
function implicitErrors(op: Operation): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const access = op['x-access'];
  if (access && access.roles !== 'public')
    codes.push('unauthenticated', 'invalid_token', 'forbidden');
  if (access?.scope === 'target') codes.push('not_found');
  if (op.requestBody) codes.push('invalid_request', 'invalid_json', 'unsupported_media_type');
  if (op.parameters?.some((p) => p.in === 'query')) codes.push('invalid_query');
  return codes;
}

export const who = (access: Access | undefined) =>
  !access || access.roles === 'public'
    ? 'anyone'
    : `${access.roles.join(', ')}${access.scope === 'self' ? ' (own data)' : access.scope === 'target' ? ' (users in their scope)' : ''}`;

/** `POST /api/v1/sales/{id}/reversal` -> `postSalesByIdReversal`: unique, stable, readable. */
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return (param ? `by-${param[1]}` : segment).split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return [method, ...words].map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1) : w)).join('');
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas and route
 * declarations that validate and authorize requests; each operation lists who may
 * call it and every error code it can answer with.
 */
export function openApiDocument<E extends Env>(app: OpenAPIHono<E>) {
  // The one error shape (worker/errors.ts): every error response refers to it.
  app.openAPIRegistry.register('Error', ErrorBody);
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Airload API',
      version: '1',
      description:
        'Sell mobile airtime from a pre-funded wallet. Money is integer minor units. Errors are always { "error": { "code", "message" } }.',
    },
    servers: [{ url: '/', description: 'The host serving this document' }],
  });
  // A licence by SPDX-style identifier (OpenAPI 3.1; the generator's types are 3.0's).
  Object.assign(doc.info, { license: { name: 'Proprietary', identifier: 'LicenseRef-Airload' } });
  doc.components = {
    ...doc.components,
    headers: {
      IdempotentReplayed: {
        description:
          '`true` when this is the stored answer to an earlier request with the same key (DESIGN 4)',
        schema: { type: 'string', enum: ['true'] },
      },
    },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  };
  // Logged in unless an operation says otherwise (`security: []`, the public ones).
  doc.security = [{ bearer: [] }];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const access = op['x-access'];
      op.operationId ??= operationId(method, path);
      op.description = `Who: ${who(access)}.${op.description ? ` ${op.description}` : ''}`;
      op.security = access && access.roles !== 'public' ? [{ bearer: [] }] : [];
      const codes = [...new Set([...implicitErrors(op), ...(op['x-errors'] ?? [])])];
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of codes)
        byStatus.set(ERRORS[code][0], [...(byStatus.get(ERRORS[code][0]) ?? []), code]);
      for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
        const schema = {
          allOf: [
            { $ref: '#/components/schemas/Error' },
            { properties: { error: { properties: { code: { enum: list } } } } },
          ],
        };
        op.responses[String(status)] = {
          description: list.map((code) => `\`${code}\`: ${ERRORS[code][1]}`).join('; '),
          content: { 'application/json': { schema } },
        };
      }
      // DESIGN 4: a repeated request's stored answer, success or rejection, says so.
      if (op['x-replays']) {
        for (const response of Object.values(op.responses) as { headers?: object }[])
          response.headers = {
            ...response.headers,
            'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' },
          };
      }
      op['x-errors'] = codes;
    }
  }
  return doc;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** A readable page of the document: every route, who may call it, its answers. */
export function docsPage(doc: ReturnType<typeof openApiDocument>): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const answers = Object.entries(op.responses)
        .map(
          ([status, r]) =>
            `<li><b>${status}</b> ${escapeHtml((r as { description?: string }).description ?? '')}</li>`,
        )
        .join('');
      rows.push(
        `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2><p>${escapeHtml(op.summary ?? '')}</p>` +
          `<p>Who: ${escapeHtml(who(op['x-access']))}</p><ul>${answers}</ul></section>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Airload API</title></head><body><h1>Airload API</h1><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>${rows.join('')}</body></html>`;
}
