import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLES, type Role } from '../../db/schema';
import { createHarness } from '../support/harness';
import { FIXTURES, send } from './fixtures';
import { type HostileRequest, hostileRequest } from './hostile';
import { type AppRoute, fillPath, routeTable } from './routes';
import { dataVersion, rowCounts } from './row-counts';
import { createWorld } from './world';

/**
 * Issue 3 "Hostile input", for every route of the app: HOSTILE_RUNS (default 1,000)
 * generated malformed requests with a valid token of a permitted role -> never a 5xx,
 * every 4xx the JSON error `{ error: { code, message } }`, no stack trace, and the row
 * counts unchanged unless the route accepted the request (a 2xx).
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000);
const h = await createHarness();
// Reads first: GET /audit/verify walks the whole audit chain, which the writes lengthen.
const routes = (await routeTable(h.app)).sort(
  (a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'),
);
afterAll(() => h.close());

const STACK_TRACE =
  /\s{4}at |\n\s*at \S|\.[cm]?[jt]s:\d|\.ts:|Error:[^"]*\/\w|node_modules|\/work\//;

const ErrorBody = z.strictObject({
  error: z.strictObject({ code: z.string().min(1), message: z.string() }),
});

/** A 4xx is JSON, exactly `{ error: { code, message } }`; its code. */
function errorCode(res: Response, text: string, what: string): string {
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
  const parsed = ErrorBody.safeParse(JSON.parse(text));
  expect(parsed.success, what).toBe(true);
  return parsed.data!.error.code;
}

/** The role that calls `route`: the first it declares, or for an undeclared route the first one its guard lets in. */
async function callerRole(route: AppRoute, token: (role: Role) => Promise<string>) {
  const roles = (route.access ?? FIXTURES[route.key]?.access)?.roles;
  if (roles === 'public') return 'retailer';
  if (roles) return roles[0]!;
  for (const role of ROLES) {
    const res = await h.call(route.method, route.path, { token: await token(role) });
    if (res.status !== 403) return role;
  }
  return 'admin';
}

describe('hostile input', () => {
  it('has a fixture for every route', () => {
    expect(routes.map((r) => r.key).filter((k) => !(k in FIXTURES))).toEqual([]);
  });

  for (const route of routes) {
    const fixture = FIXTURES[route.key];
    const name = `${route.key}: ${RUNS} malformed requests get 4xx JSON errors or a 2xx, never a 5xx, and write nothing when refused`;
    if (!fixture) {
      it(name, () => {
        throw new Error(`${route.key} has no entry in test/security/fixtures.ts`);
      });
      continue;
    }
    it(name, { timeout: 300_000 }, async () => {
      const world = await createWorld(h);
      const role = await callerRole(route, (r) => world.token(world.callers[r]));
      const caller = world.callers[role];
      let serial = 0;
      const base = await fixture.request({
        h,
        world,
        caller,
        subject: world.subjects[role],
        scope: 'own',
        unique: () => `hostile-${world.tag}-${++serial}`,
      });
      const freshToken = world.tokenPool(caller, 50);
      let token = await freshToken();
      const look = async () => ({
        version: await dataVersion(h.database.client),
        counts: await rowCounts(h.database.client),
      });
      let state = await look();
      /** After a request the route accepted: it may have written and ended the session. */
      const accepted = async () => {
        await h.settled();
        await world.restoreSecret(caller);
        token = await freshToken();
        state = await look();
      };
      const bodyAllowed = route.method !== 'GET' && route.method !== 'HEAD';
      const parameters = route.operation?.parameters ?? [];
      const reads = {
        bodyAllowed,
        body: route.operation?.requestBody !== undefined,
        query: parameters.some((p) => p.in === 'query'),
        headers: parameters.some((p) => p.in === 'header'),
      };
      const arbitrary = hostileRequest(base, route.params, reads, h.config.BODY_LIMIT);

      const attempt = async (req: HostileRequest) => {
        const path = route.path.replace(/\{([^}]+)\}/g, (_, n: string) => req.params[n] ?? '');
        const headers = { ...req.headers, authorization: `Bearer ${token}` };
        const res = await h.app.request(`${path}${req.query ? `?${req.query}` : ''}`, {
          method: route.method,
          headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        const text = await res.text();
        const what = `${route.method} ${path}?${req.query.slice(0, 80)} [${req.how.join('; ')}] -> ${res.status} ${text.slice(0, 300)}`;
        expect(res.status < 300 || (res.status >= 400 && res.status < 500), what).toBe(true);
        expect(text, what).not.toMatch(STACK_TRACE);
        const code = res.status >= 400 ? errorCode(res, text, what) : undefined;
        if (code === undefined && bodyAllowed) return accepted();
        // Nothing committed since the last look: no row changed.
        const version = await dataVersion(h.database.client);
        if (version === state.version) return;
        const before = state.counts;
        state = { version, counts: await rowCounts(h.database.client) };
        const after = state.counts;
        const sticky = fixture.sticky;
        if (code !== undefined && sticky?.codes.includes(code)) {
          const table = sticky.table;
          expect(after[table] - before[table], what).toBeLessThanOrEqual(1);
          expect({ ...after, [table]: 0 }, what).toEqual({ ...before, [table]: 0 });
        } else expect(after, `rows changed: ${what}`).toEqual(before);
      };

      // The request the runs break is one the route accepts.
      const path = fillPath(route.path, base.params);
      const valid = await send(h, route.method, path, base, await world.token(caller));
      expect(valid.status < 300, `${valid.status} ${await valid.text()}`).toBe(true);
      await accepted();

      // The app keeps state between runs, so a failure is reported as it happened, unshrunk.
      await fc.assert(fc.asyncProperty(arbitrary, attempt), { numRuns: RUNS, endOnFailure: true });
    });
  }
});
