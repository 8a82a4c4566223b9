import { afterAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../worker/errors';
import { createHarness } from '../support/harness';
import { documentOperations, handlerRoutes, OpenApiDoc } from './routes';

/**
 * Issue 3 "API description": an OpenAPI 3.1 document at /api/v1/openapi.json with every
 * route of the app (Hono's own table, so a route written without route() fails here),
 * its roles and its error codes, and a readable page at /api/docs.
 */

const h = await createHarness();
afterAll(() => h.close());
/** Every route under /api/ (outside it: the health check, which the document leaves out). */
const routes = handlerRoutes(h.app).filter((r) => r.api);
const operations = await documentOperations(h.app);

const isErrorCode = (code: string): code is keyof typeof ERRORS => Object.hasOwn(ERRORS, code);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1.0 JSON', async () => {
    const res = await h.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(OpenApiDoc.parse(await res.json()).openapi).toBe('3.1.0');
  });

  it('describes only routes the app has', () => {
    // The gateway callbacks (/ussd, /sms/*) are described too, outside /api/.
    const keys = handlerRoutes(h.app).map((r) => r.key);
    expect([...operations.keys()].filter((k) => !keys.includes(k))).toEqual([]);
  });

  for (const route of routes) {
    describe(route.key, () => {
      const op = operations.get(route.key);

      it('is in the document, with who may call it (x-access)', () => {
        expect(
          op,
          `${route.key} is missing from the document: write it with route()`,
        ).toBeDefined();
        expect(op?.['x-access'], `${route.key} declares no access`).toBeDefined();
        const success = Object.keys(op?.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
        expect(success, `${route.key} documents its answer`).not.toEqual([]);
      });

      it('lists its error codes (x-errors), each a registered code with its status among the responses', () => {
        expect(op, `${route.key} is missing from the document`).toBeDefined();
        const codes = op?.['x-errors'] ?? [];
        expect(
          codes.filter((c) => !isErrorCode(c)),
          'codes not in ERRORS',
        ).toEqual([]);
        for (const code of codes.filter(isErrorCode)) {
          const status = String(ERRORS[code][0]);
          const response = op?.responses[status];
          expect(response, `${code} -> ${status}`).toBeDefined();
          expect(JSON.stringify(response), `${status} names ${code}`).toContain(code);
        }
        const access = op?.['x-access'];
        if (access && access.roles !== 'public')
          expect(codes).toEqual(
            expect.arrayContaining(['unauthenticated', 'invalid_token', 'forbidden']),
          );
        if (access?.scope === 'target') expect(codes).toContain('not_found');
        if (op?.requestBody !== undefined)
          expect(codes).toEqual(expect.arrayContaining(['invalid_request', 'invalid_json']));
      });
    });
  }
});

describe('the docs page', () => {
  it('renders HTML naming every route of the document', async () => {
    const res = await h.call('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toMatch(/^<!doctype html>/i);
    for (const key of operations.keys()) expect(page, key).toContain(key);
  });

  it('names every route of the app', async () => {
    const page = await (await h.call('GET', '/api/docs')).text();
    const missing = routes.map((r) => r.key).filter((key) => !page.includes(key));
    expect(missing, 'routes missing from /api/docs').toEqual([]);
  });
});
