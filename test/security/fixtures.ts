import { dayIn } from '../../core/day';
import { DEMO_PRODUCTS } from '../../db/seed';
import type { Access } from '../../worker/auth/middleware';
import type { Harness } from '../support/harness';
import type { Table } from './row-counts';
import { CUSTOMER, type Member, type World } from './world';

/**
 * How to build a valid request for every route, by "METHOD /path" (OpenAPI notation).
 * The route matrix and the hostile-input tests read the routes from the app and fail
 * for a route that has no entry here, so a new route cannot go untested.
 */

export interface FixtureContext {
  h: Harness;
  world: World;
  /** Who calls. */
  caller: Member;
  /** Whose data the request names: in the caller's scope ('own') or outside it ('other'). */
  subject: Member;
  scope: 'own' | 'other';
  /** A string no other request of this run uses (idempotency keys, references). */
  unique(): string;
}

export interface RequestSpec {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Fixture {
  request(ctx: FixtureContext): RequestSpec | Promise<RequestSpec>;
  /** Who may call a route outside /api/, which the OpenAPI document does not describe. */
  access?: Access;
  /** The status of the valid request for a permitted caller, when a 2xx is not the answer. */
  ok?: number;
  /**
   * Rejections that DESIGN 4 stores against the idempotency key ("the same rejection
   * forever"): a 4xx with one of these codes may add one row to `table`.
   */
  sticky?: { codes: readonly string[]; table: Table };
  /**
   * What of the subject the request names (in its path or body), if anything: a user
   * (`target` routes, a stock transfer's retailer) or one of the subject's sales. Named
   * outside the caller's scope the answer is 404 (DESIGN 7: it does not tell what
   * exists); an admin's scope holds every user, but a sale is only ever its retailer's.
   * `catalog`: a row of the shared catalog (a product), the same whoever's scope it is.
   */
  refers?: 'user' | 'sale' | 'catalog';
}

const unique = (ctx: FixtureContext) => ctx.unique();
const sale = (ctx: FixtureContext): RequestSpec => ({ params: { id: ctx.subject.saleIds[0]! } });
const target = (ctx: FixtureContext): RequestSpec => ({ params: { id: ctx.subject.id } });
const reason = (ctx: FixtureContext): RequestSpec => ({
  ...target(ctx),
  body: { reason: 'route matrix' },
});
/** A valid visit to the subject's outlet, recorded now (DESIGN 10). */
const visitBody = (ctx: FixtureContext) => ({
  lat: -1.2864,
  lng: 36.8172,
  accuracy_m: 25,
  recorded_at: new Date(ctx.h.clock.now()).toISOString(),
  checklist: {
    branding_visible: true,
    price_list_shown: true,
    float_sufficient: true,
    records_kept: true,
    pin_private: true,
    no_complaints: false,
  },
  note: 'route matrix',
  photo: `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]).toString('base64')}`,
});
/** A visit with a photo stored for the subject, written directly, and its photo's path. */
async function visitPhoto(ctx: FixtureContext): Promise<RequestSpec> {
  const id = `visit-${ctx.unique()}`;
  const now = ctx.h.clock.now();
  await ctx.h.deps.writer.write([
    {
      sql: `INSERT INTO visits (id, outlet_id, manager_id, idempotency_key, request_hash, lat, lng,
              accuracy_m, recorded_at, received_at, branding_visible, price_list_shown,
              float_sufficient, records_kept, pin_private, no_complaints, photo, shop_confirmed)
            VALUES (?, ?, ?, ?, 'h', 0, 0, 10, ?, ?, 1, 1, 1, 1, 1, 1, ?, 0)`,
      args: [id, ctx.subject.id, ctx.world.a.manager.id, id, now, now, visitBody(ctx).photo],
    },
  ]);
  return { params: { id: ctx.subject.id, visitId: id } };
}
/**
 * A pending stock request of the subject, written directly (DESIGN 12): the subject's
 * earlier pending one is closed first, as a retailer has at most one.
 */
const closePending = (ctx: FixtureContext, retailerId: string) =>
  ctx.h.deps.writer.write([
    {
      sql: `UPDATE stock_requests SET status = 'rejected', decided_at = ?, decided_by = retailer_id
            WHERE retailer_id = ? AND status = 'pending'`,
      args: [ctx.h.clock.now(), retailerId],
    },
  ]);
async function pendingRequest(ctx: FixtureContext): Promise<RequestSpec> {
  const id = `stock-request-${ctx.unique()}`;
  const now = ctx.h.clock.now();
  await closePending(ctx, ctx.subject.id);
  await ctx.h.deps.writer.write([
    {
      sql: `INSERT INTO stock_requests (id, retailer_id, idempotency_key, request_hash, amount,
              status, channel, created_at) VALUES (?, ?, ?, 'h', 1000, 'pending', 'app', ?)`,
      args: [id, ctx.subject.id, id, now],
    },
  ]);
  return { params: { id } };
}
/** A number that is no user's. */
const STRANGER = '+254711999000';
const GATEWAY: Access = { roles: 'public', scope: 'none' };
const gatewayForm = (fields: Record<string, string>): RequestSpec => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
/** A phone number no user has: one per onboarding request (issue 11). */
let newPhones = 0;
const newPhone = () => `+2547118${String(++newPhones).padStart(5, '0')}`;
/** The largest page, so that a list that leaks shows it. */
const page: RequestSpec = { query: { limit: '100' } };

export const FIXTURES: Record<string, Fixture> = {
  'GET /health': { request: () => ({}), access: { roles: 'public', scope: 'none' } },
  'POST /api/v1/auth/login': {
    request: ({ caller }) => ({
      body: caller.phone
        ? { phone: caller.phone, pin: caller.secret }
        : { email: caller.email, password: caller.secret },
    }),
  },
  'POST /api/v1/auth/refresh': {
    request: async ({ world, caller }) => ({
      body: { refresh_token: (await world.session(caller)).refreshToken },
    }),
  },
  'POST /api/v1/auth/logout': { request: () => ({}) },
  // The same secret again: a valid change that leaves the caller able to log in.
  'POST /api/v1/auth/secret': {
    request: ({ caller }) => ({ body: { current: caller.secret, next: caller.secret } }),
  },
  'POST /api/v1/sales': {
    request: (ctx) => ({
      headers: { 'idempotency-key': unique(ctx) },
      body: { msisdn: CUSTOMER, amount: 10_000 },
    }),
    sticky: {
      codes: ['amount_out_of_range', 'insufficient_funds', 'daily_limit_exceeded', 'outlet_frozen'],
      table: 'idempotency_keys',
    },
  },
  'GET /api/v1/sales': { request: () => page },
  'GET /api/v1/sales/{id}': { request: sale, refers: 'sale' },
  'POST /api/v1/sales/{id}/reversal': { request: sale, refers: 'sale' },
  'POST /api/v1/sales/{id}/receipt-sms': { request: sale, refers: 'sale' },
  'GET /api/v1/wallet': { request: () => ({}) },
  'GET /api/v1/wallet/statement': { request: () => page },
  'POST /api/v1/admin/fundings': {
    request: (ctx) => ({
      body: { phone: ctx.subject.phone, amount: 1_000, reference: unique(ctx) },
    }),
    refers: 'user',
  },
  'POST /api/v1/stock-transfers': {
    request: (ctx) => ({
      headers: { 'idempotency-key': unique(ctx) },
      body: { retailer_id: ctx.subject.id, amount: 1_000 },
    }),
    refers: 'user',
  },
  'GET /api/v1/stock-transfers': { request: () => ({}) },
  'GET /api/v1/stock-transfers/export.csv': { request: () => ({}) },
  'POST /api/v1/stock-requests': {
    // A retailer has one pending request: each case closes the caller's earlier one first.
    request: async (ctx) => {
      await closePending(ctx, ctx.caller.id);
      return {
        headers: { 'idempotency-key': unique(ctx) },
        body: { amount: 50_000, note: 'route matrix' },
      };
    },
  },
  'GET /api/v1/stock-requests': { request: () => ({ query: { status: 'pending' } }) },
  'POST /api/v1/stock-requests/{id}/approve': {
    request: async (ctx) => ({
      ...(await pendingRequest(ctx)),
      headers: { 'idempotency-key': unique(ctx) },
    }),
    refers: 'user',
  },
  'POST /api/v1/stock-requests/{id}/reject': {
    request: async (ctx) => ({ ...(await pendingRequest(ctx)), body: { reason: 'route matrix' } }),
    refers: 'user',
  },
  'POST /api/v1/admin/reconciliation': { request: () => ({}) },
  'GET /api/v1/products': { request: () => ({}) },
  'GET /api/v1/me': { request: () => ({}) },
  'GET /api/v1/audit': { request: () => page },
  'GET /api/v1/audit/verify': { request: () => ({}) },
  'GET /api/v1/audit/export.csv': { request: () => ({ query: { action: 'login' } }) },
  'GET /api/v1/audit/ledger-check': { request: () => ({}) },
  'GET /api/v1/audit/outlets/{id}': {
    request: (ctx) => ({ ...target(ctx), ...page }),
    refers: 'user',
  },
  'GET /api/v1/outlets': { request: () => page },
  'GET /api/v1/outlets/export.csv': { request: () => ({ query: { sort: '-month_total' } }) },
  'GET /api/v1/outlets/{id}': { request: target, refers: 'user' },
  'GET /api/v1/outlets/{id}/sales': {
    request: (ctx) => ({ ...target(ctx), ...page }),
    refers: 'user',
  },
  'GET /api/v1/outlets/{id}/daily': {
    request: (ctx) => ({ ...target(ctx), query: { from: '2026-01-01', to: '2026-03-31' } }),
    refers: 'user',
  },
  'POST /api/v1/outlets/{id}/freeze': { request: reason, refers: 'user' },
  'POST /api/v1/outlets/{id}/unfreeze': { request: reason, refers: 'user' },
  'PUT /api/v1/outlets/{id}/limits': {
    request: (ctx) => ({ ...target(ctx), body: { daily_limit: 5_000_000 } }),
    refers: 'user',
  },
  'POST /api/v1/outlets/{id}/visits': {
    request: (ctx) => ({
      ...target(ctx),
      headers: { 'idempotency-key': unique(ctx) },
      body: visitBody(ctx),
    }),
    refers: 'user',
  },
  'GET /api/v1/outlets/{id}/visits': {
    request: (ctx) => ({ ...target(ctx), ...page }),
    refers: 'user',
  },
  'GET /api/v1/outlets/{id}/visits/{visitId}/photo': { request: visitPhoto, refers: 'user' },
  'GET /api/v1/reports/reconciliation': {
    request: (ctx) => ({ query: { day: dayIn(ctx.h.clock.now(), ctx.h.config.TIMEZONE) } }),
  },
  // Onboarding and the catalog (issue 11): new names each time, the same plan again.
  'GET /api/v1/regions': { request: () => ({}) },
  'POST /api/v1/regions': {
    request: (ctx) => ({ body: { name: `region ${unique(ctx)}`, timezone: 'Africa/Kampala' } }),
  },
  'GET /api/v1/users': { request: () => ({ query: { limit: '100', role: 'retailer' } }) },
  'POST /api/v1/users': {
    request: ({ world }) => ({
      body: {
        role: 'retailer',
        name: 'matrix shop',
        phone: newPhone(),
        region_id: world.a.distributor.regionId,
        distributor_id: world.a.distributor.id,
      },
    }),
  },
  'PATCH /api/v1/users/{id}': {
    request: (ctx) => ({ ...target(ctx), body: { name: ctx.subject.name } }),
    refers: 'user',
  },
  'POST /api/v1/products': {
    request: (ctx) => ({
      body: {
        id: `p-${unique(ctx)}`,
        operator: `op-${unique(ctx)}`,
        name: 'matrix product',
        prefixes: ['699'],
        denominations: [5_000],
        active: false,
      },
    }),
  },
  'PATCH /api/v1/products/{id}': {
    request: () => ({ params: { id: 'telkom-airtime' }, body: { name: 'Telkom airtime' } }),
    refers: 'catalog',
  },
  'GET /api/v1/commission-plans': { request: () => ({}) },
  'POST /api/v1/commission-plans': {
    request: () => ({
      body: { rates: DEMO_PRODUCTS.map((p) => ({ product_id: p.id, bps: p.bps })) },
    }),
  },
  'POST /api/v1/users/{id}/unlock': { request: target, refers: 'user' },
  'POST /api/v1/users/{id}/pin-reset': { request: target, refers: 'user' },
  // Gateway callbacks (issue 10): forms from the caller's phone; staff have none, so a stranger's.
  'POST /ussd': {
    request: (ctx) =>
      gatewayForm({
        sessionId: `ussd-${unique(ctx)}`,
        serviceCode: '*384#',
        phoneNumber: ctx.caller.phone ?? STRANGER,
        networkCode: '63902',
        text: '',
      }),
    access: GATEWAY,
  },
  'POST /sms/inbound': {
    request: (ctx) =>
      gatewayForm({
        from: ctx.caller.phone ?? STRANGER,
        to: '40404',
        text: 'HELP',
        date: '2026-12-01 10:00:00',
        id: `sms-${unique(ctx)}`,
      }),
    access: GATEWAY,
  },
  'POST /sms/delivery': {
    request: (ctx) => gatewayForm({ id: `report-${unique(ctx)}`, status: 'Success' }),
    access: GATEWAY,
  },
  // Demo pages (SEED_DEMO): the SMS simulator's messages to one number only.
  'GET /dev/sms': {
    request: (ctx) => ({ query: { to: ctx.caller.phone ?? STRANGER } }),
    access: { roles: 'public', scope: 'none' },
  },
  'GET /dev/ussd': { request: () => ({}), access: { roles: 'public', scope: 'none' } },
  'GET /dev/ussd.js': { request: () => ({}), access: { roles: 'public', scope: 'none' } },
  'GET /dev/ussd.css': { request: () => ({}), access: { roles: 'public', scope: 'none' } },
};

/** Sends `spec` for `route` with `token` through the harness. */
export async function send(
  h: Harness,
  method: string,
  path: string,
  spec: RequestSpec,
  token: string | undefined,
): Promise<Response> {
  const query = spec.query ? `?${new URLSearchParams(spec.query)}` : '';
  return h.call(method, `${path}${query}`, {
    ...(token ? { token } : {}),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
  });
}
