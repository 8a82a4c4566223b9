import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema';
import type { Access } from '../../worker/auth/middleware';
import { createHarness } from '../support/harness';
import { FIXTURES, type Fixture, send } from './fixtures';
import { type AppRoute, fillPath, routeTable } from './routes';
import { createWorld, type Member, type World } from './world';

/**
 * Issue 3's generated matrix: every route of the app (Hono's own table) x every role x
 * its own scope / someone else's, plus no / expired / tampered / revoked / wrongly
 * signed / unsigned token -> the status its declared access implies, and no other
 * scope's ids, names, phones or sales in any body. A route without a declaration or a
 * fixture fails here.
 */

const h = await createHarness({
  env: { LOGIN_RATE_PER_ACCOUNT: '1000', LOGIN_RATE_PER_ADDRESS: '100000' },
});
const routes = await routeTable(h.app);
afterAll(() => h.close());

type Expected = { status: 401 | 403 | 404; code: string } | { ok: true };

/** What the declaration implies (worker/auth/middleware.ts authorize, worker/auth/scope.ts). */
function expected(access: Access, fixture: Fixture, role: Role, own: boolean): Expected {
  if (access.roles === 'public') return { ok: true };
  if (!access.roles.includes(role)) return { status: 403, code: 'forbidden' };
  if (own || !fixture.refers || fixture.refers === 'catalog') return { ok: true };
  if (fixture.refers === 'user' && role === 'admin') return { ok: true };
  return { status: 404, code: 'not_found' };
}

const answer = (e: Expected, fixture: Fixture) =>
  'ok' in e ? `answers ${fixture.ok ?? '2xx'}` : `answers ${e.status} ${e.code}`;

/** The users a caller's "someone else's scope" requests name (one when nothing is named). */
function foreignSubjects(world: World, role: Role, fixture: Fixture): Member[] {
  const all = world.foreign(role);
  if (!fixture.refers || fixture.refers === 'catalog') return all.slice(0, 1);
  return fixture.refers === 'sale' ? all.filter((m) => m.saleIds.length > 0) : all;
}

function matrix(route: AppRoute, access: Access, fixture: Fixture) {
  let world: World;
  let serial = 0;
  // Every case gets a session of its own, as a logout or PIN change in one case must
  // not end the next one's; they are made ahead, a few per write.
  const pools = new Map<string, () => Promise<string>>();
  const freshToken = (m: Member) => {
    const next = pools.get(m.id) ?? world.tokenPool(m, 12);
    pools.set(m.id, next);
    return next();
  };
  beforeAll(async () => {
    world = await createWorld(h);
  });

  async function call(role: Role, subject: Member, own: boolean, token?: string) {
    const caller = world.callers[role];
    const spec = await fixture.request({
      h,
      world,
      caller,
      subject,
      scope: own ? 'own' : 'other',
      unique: () => `matrix-${world.tag}-${++serial}`,
    });
    const res = await send(h, route.method, fillPath(route.path, spec.params), spec, token);
    const text = await res.text();
    // Zero leaks: nothing of another scope, whatever the status.
    for (const marker of world.foreignMarkers(role))
      expect(text.includes(marker), `${role} was shown ${marker}: ${text}`).toBe(false);
    return { status: res.status, text };
  }

  /** What is wrong with an answer, or undefined when it is the expected one. */
  function problem({ status, text }: { status: number; text: string }, e: Expected) {
    if ('ok' in e) {
      const ok = fixture.ok !== undefined ? status === fixture.ok : status >= 200 && status < 300;
      return ok ? undefined : `expected ${fixture.ok ?? 'a 2xx'}, got ${status} ${text}`;
    }
    const code =
      status === e.status
        ? (JSON.parse(text) as { error?: { code?: string } }).error?.code
        : undefined;
    return code === e.code ? undefined : `expected ${e.status} ${e.code}, got ${status} ${text}`;
  }
  const check = (result: { status: number; text: string }, e: Expected) =>
    expect(problem(result, e)).toBeUndefined();

  // Bad tokens, on the request a permitted role would send.
  const role: Role = access.roles === 'public' ? 'retailer' : access.roles[0]!;
  const bad: [string, string, (m: Member) => Promise<string | undefined>][] = [
    ['no token', 'unauthenticated', async () => undefined],
    ['an expired token', 'invalid_token', (m) => world.expiredToken(m)],
    ['a tampered token', 'invalid_token', (m) => world.tamperedToken(m)],
    ['the token of a revoked session', 'invalid_token', (m) => world.revokedToken(m)],
    ['a token signed with another key', 'invalid_token', (m) => world.foreignKeyToken(m)],
    ['an unsigned (alg none) admin token', 'invalid_token', (m) => world.unsignedToken(m)],
  ];
  for (const [name, code, make] of bad) {
    const e: Expected = access.roles === 'public' ? { ok: true } : { status: 401, code };
    it(`${name}: ${answer(e, fixture)}`, async () => {
      const token = await make(world.callers[role]);
      check(await call(role, world.subjects[role], true, token), e);
    });
  }

  // Someone else's scope before one's own, so that a case that changes state (logout,
  // freeze) comes last for its caller; each caller has its own subject.
  for (const role of ROLES) {
    const other = expected(access, fixture, role, false);
    it(`${role} on someone else’s scope: ${answer(other, fixture)}`, async () => {
      const problems: string[] = [];
      for (const subject of foreignSubjects(world, role, fixture)) {
        const result = await call(role, subject, false, await freshToken(world.callers[role]));
        const wrong = problem(result, other);
        if (wrong) problems.push(`naming ${subject.label}: ${wrong}`);
      }
      expect(problems).toEqual([]);
    });
    const own = expected(access, fixture, role, true);
    it(`${role} on its own scope: ${answer(own, fixture)}`, async () => {
      check(
        await call(role, world.subjects[role], true, await freshToken(world.callers[role])),
        own,
      );
    });
  }
}

describe('route matrix', () => {
  it('reads the routes from the app', () => {
    expect(routes.map((r) => r.key)).toContain('POST /api/v1/sales');
  });

  it('has a fixture for every route and none for a route the app does not have', () => {
    const keys = routes.map((r) => r.key);
    const missing = keys.filter((k) => !(k in FIXTURES));
    expect(missing, 'routes without a fixture in test/security/fixtures.ts').toEqual([]);
    const stale = Object.keys(FIXTURES).filter((k) => !keys.includes(k));
    expect(stale, 'fixtures of routes the app does not have').toEqual([]);
  });

  it('knows what each route names: a target route a user, a route with an id its subject', () => {
    const wrong = routes.filter((r) => {
      const fixture = FIXTURES[r.key];
      if (!fixture || !r.access) return false;
      if (r.access.scope === 'target') return fixture.refers !== 'user';
      return r.params.length > 0 && !fixture.refers;
    });
    expect(wrong.map((r) => r.key)).toEqual([]);
  });

  for (const route of routes) {
    describe(route.key, () => {
      const fixture = FIXTURES[route.key];
      // Outside /api/ (the health check, callbacks) the fixture says who may call it.
      const access = route.api ? route.access : fixture?.access;
      if (!access || !fixture) {
        it('declares who may call it and has a fixture', () => {
          const how = route.api ? 'write it with route()' : 'give its fixture an access';
          expect(access, `${route.key} declares no access: ${how}`).toBeDefined();
          expect(fixture, `${route.key} has no entry in test/security/fixtures.ts`).toBeDefined();
        });
        return;
      }
      matrix(route, access, fixture);
    });
  }
});
