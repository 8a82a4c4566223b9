import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema';
import { createHarness } from '../support/harness';
import { FIXTURES, send } from './fixtures';
import { fillPath, routeTable } from './routes';
import { createWorld, type World } from './world';

/**
 * Issue 14 item 1: every operation of the app (its own route list), called the way a
 * client would (test/security/fixtures.ts), answers only what the OpenAPI document
 * declares: a status it lists, a body that validates against that status's schema
 * (JSON Schema 2020-12, as OpenAPI 3.1 has it), error bodies included, and the
 * Idempotent-Replayed header only where declared. A new route is covered by its fixture.
 */

const h = await createHarness({
  env: { LOGIN_RATE_PER_ACCOUNT: '1000', LOGIN_RATE_PER_ADDRESS: '100000' },
});
const routes = (await routeTable(h.app)).filter((r) => r.api);
const doc = (await (await h.call('GET', '/api/v1/openapi.json')).json()) as {
  paths: Record<string, Record<string, { responses: Record<string, Declared> }>>;
};
afterAll(() => h.close());

interface Declared {
  content?: Record<string, { schema: object }>;
  headers?: Record<string, unknown>;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
// The document itself holds the components the responses refer to.
ajv.addSchema({ ...doc, $id: 'openapi.json' } as object);
const rebase = (schema: object) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));

/** What is wrong with `res` against the document, or [] when it conforms. */
async function problems(method: string, path: string, res: Response): Promise<string[]> {
  const responses = doc.paths[path]?.[method.toLowerCase()]?.responses ?? {};
  const declared = responses[String(res.status)];
  const text = await res.text();
  if (!declared)
    return [`${res.status} is not declared (declared: ${Object.keys(responses)}): ${text}`];
  const found: string[] = [];
  if (res.headers.has('idempotent-replayed') && !declared.headers?.['Idempotent-Replayed'])
    found.push(`${res.status} sends Idempotent-Replayed, undeclared`);
  const json = declared.content?.['application/json'];
  if (!json) return found;
  if (!/^application\/json/.test(res.headers.get('content-type') ?? ''))
    return [...found, `content-type ${res.headers.get('content-type')}`];
  const validate = ajv.compile(rebase(json.schema));
  if (!validate(JSON.parse(text)))
    found.push(`${res.status} body ${text.slice(0, 300)}: ${ajv.errorsText(validate.errors)}`);
  return found;
}

let world: World;
let serial = 0;
const pools = new Map<string, () => Promise<string>>();
beforeAll(async () => {
  world = await createWorld(h);
});

describe('every operation answers as the document declares', () => {
  it('covers every route under /api/', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.operation || !FIXTURES[r.key]).map((r) => r.key)).toEqual([]);
  });

  it('a frozen outlet’s login: 403 outlet_frozen, as declared', async () => {
    const member = world.a.sibling;
    await h.database.client.execute({
      sql: 'UPDATE users SET frozen = 1 WHERE id = ?',
      args: [member.id],
    });
    const res = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: member.phone, pin: member.secret },
    });
    expect(res.status).toBe(403);
    expect(((await res.clone().json()) as { error: { code: string } }).error.code).toBe(
      'outlet_frozen',
    );
    expect(await problems('POST', '/api/v1/auth/login', res)).toEqual([]);
  });

  for (const route of routes) {
    const fixture = FIXTURES[route.key];
    const declaredAccess = route.access;
    if (!fixture || !declaredAccess) continue;
    const access = declaredAccess;
    const role: Role = access.roles === 'public' ? 'retailer' : access.roles[0]!;

    async function request() {
      const caller = world.callers[role];
      const spec = await fixture!.request({
        h,
        world,
        caller,
        subject: world.subjects[role],
        scope: 'own',
        unique: () => `conformance-${world.tag}-${++serial}`,
      });
      const pool = pools.get(caller.id) ?? world.tokenPool(caller, 8);
      pools.set(caller.id, pool);
      const token = access.roles === 'public' ? undefined : await pool();
      return { spec, token, path: fillPath(route.path, spec.params) };
    }

    describe(route.key, () => {
      it('a valid request, and the same again (a replay where the route replays)', async () => {
        const { spec, token, path } = await request();
        const first = await send(h, route.method, path, spec, token);
        expect(await problems(route.method, route.path, first)).toEqual([]);
        if (route.operation?.['x-replays']) {
          const again = await send(h, route.method, path, spec, token);
          expect(again.headers.get('idempotent-replayed')).toBe('true');
          expect(await problems(route.method, route.path, again)).toEqual([]);
        }
        await h.settled();
      });

      if (access.roles !== 'public')
        it('no token', async () => {
          const { spec, path } = await request();
          const res = await send(h, route.method, path, spec, undefined);
          expect(res.status).toBe(401);
          expect(await problems(route.method, route.path, res)).toEqual([]);
        });

      // A GET has no body to refuse (fetch cannot even send one).
      if (route.method !== 'GET')
        it('an oversize body', async () => {
          const { spec, token, path } = await request();
          // A visit's route takes a photo, so its own, larger limit (VISIT_BODY_LIMIT).
          const limit = route.path.endsWith('/visits')
            ? h.config.VISIT_BODY_LIMIT
            : h.config.BODY_LIMIT;
          const big = { ...spec, body: { pad: 'x'.repeat(limit) } };
          const res = await send(h, route.method, path, big, token);
          expect(res.status).toBe(413);
          expect(await problems(route.method, route.path, res)).toEqual([]);
        });

      if (route.operation?.requestBody !== undefined)
        it('a body that is not JSON, and one of the wrong shape', async () => {
          const { spec, token, path } = await request();
          for (const body of ['{"unclosed', { unexpected: true }]) {
            const res = await send(h, route.method, path, { ...spec, body }, token);
            expect(res.status).toBe(400);
            expect(await problems(route.method, route.path, res)).toEqual([]);
          }
        });
    });
  }
});
