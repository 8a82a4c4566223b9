import type { MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../worker/app';
import { createHarness, type Harness } from '../support/harness';

/**
 * Issue 3: security headers on every response (hono's secure-headers, a strict CSP)
 * and CORS closed unless CORS_ORIGINS names an origin.
 */

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  token = await h.login('+254700000101');
});
afterAll(() => h.close());

/** The CSP's directives, by name. */
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );

function expectSecurityHeaders(res: Response, what: string) {
  const header = (name: string) => res.headers.get(name) ?? '';
  expect(header('x-content-type-options'), what).toBe('nosniff');
  expect(header('x-frame-options'), what).toMatch(/^(DENY|SAMEORIGIN)$/);
  expect(header('referrer-policy'), what).not.toBe('');
  expect(header('strict-transport-security'), what).toMatch(/max-age=\d{7,}/);
  expect(res.headers.has('x-powered-by'), what).toBe(false);
  const csp = directives(header('content-security-policy'));
  expect(csp.get('default-src'), what).toEqual(["'self'"]);
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  expect(scripts, what).not.toContain('*');
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
}

describe('security headers', () => {
  const cases: [string, () => Response | Promise<Response>, number][] = [
    ['an API answer', () => h.call('GET', '/api/v1/wallet', { token }), 200],
    ['the health check', () => h.call('GET', '/health'), 200],
    ['the OpenAPI document', () => h.call('GET', '/api/v1/openapi.json'), 200],
    ['the docs page', () => h.call('GET', '/api/docs'), 200],
    ['a 401 without a token', () => h.call('GET', '/api/v1/wallet'), 401],
    ['a 400 for a malformed body', () => h.call('POST', '/api/v1/auth/login', { body: '{' }), 400],
    [
      'a 413 for an oversize body',
      () => h.call('POST', '/api/v1/auth/login', { body: { pad: 'x'.repeat(100_000) } }),
      413,
    ],
    ['a 404 for an unknown API route', () => h.call('GET', '/api/v1/nothing-here'), 404],
    ['a 404 outside the API', () => h.call('GET', '/nothing-here'), 404],
    ['a 404 for an unknown sale', () => h.call('GET', '/api/v1/sales/nope', { token }), 404],
    [
      'a 404 for a method the route does not have',
      () => h.call('DELETE', '/api/v1/wallet', { token }),
      404,
    ],
  ];
  for (const [name, send, status] of cases) {
    it(`are on ${name}`, async () => {
      const res = await send();
      expect(res.status, await res.clone().text()).toBe(status);
      expectSecurityHeaders(res, name);
    });
  }

  it('are on the PWA’s own files, served by the same app', async () => {
    const shell: MiddlewareHandler = async (c) => c.html('<!doctype html><title>Airload</title>');
    const pwa = createApp(h.deps, { assets: shell });
    const res = await pwa.request('/');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, 'the PWA shell');
  });

  it('are on a 5xx too, which carries no stack trace', async () => {
    const broken = await createHarness();
    // The details go to the server's log, never to the client.
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      broken.database.client.close();
      const res = await broken.call('GET', '/health');
      const text = await res.text();
      expect(res.status).toBeGreaterThanOrEqual(500);
      expectSecurityHeaders(res, 'a 5xx');
      expect(JSON.parse(text)).toEqual({
        error: { code: 'internal', message: expect.any(String) },
      });
      expect(text).not.toMatch(/\s{4}at |\.ts:|node_modules/);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
      await broken.close();
    }
  });
});

const preflight = (app: Harness, origin: string) =>
  app.call('OPTIONS', '/api/v1/sales', {
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });

describe('CORS', () => {
  it('is closed by default: another origin gets no Access-Control-Allow-Origin', async () => {
    const res = await preflight(h, 'https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await h.call('GET', '/api/v1/wallet', {
      token,
      headers: { origin: 'https://evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('with CORS_ORIGINS set', () => {
    let open: Harness;
    beforeAll(async () => {
      open = await createHarness({ env: { CORS_ORIGINS: 'https://shop.example' } });
    });
    afterAll(() => open.close());

    it('allows that origin', async () => {
      const res = await preflight(open, 'https://shop.example');
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      const get = await open.call('GET', '/health', {
        headers: { origin: 'https://shop.example' },
      });
      expect(get.status).toBe(200);
    });

    it('still refuses any other origin', async () => {
      const res = await preflight(open, 'https://evil.example');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expectSecurityHeaders(res, 'a refused preflight');
    });
  });
});
