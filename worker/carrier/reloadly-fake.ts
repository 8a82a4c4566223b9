import { type ServerType, serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { CarrierRecord } from '../ledger/check';
import { realSchedule } from './schedule';

/**
 * A local fake of a Reloadly-style aggregator API, for ReloadlyGateway's tests. Like the
 * simulator (DESIGN 4), the last three digits of the recipient's number choose what it does:
 *
 * | ends in | behaviour |
 * | --- | --- |
 * | `901` | refused: 400 INVALID_RECIPIENT_PHONE, nothing recorded (declined) |
 * | `902` | applied (SUCCESSFUL), but the answer never comes |
 * | `903` | never arrives: no answer, nothing recorded |
 * | `904` | PROCESSING, SUCCESSFUL `processingMs` later (on the fake's clock) |
 * | `905` | refused: 400 OPERATOR_UNAVAILABLE_OR_CURRENTLY_INACTIVE (unavailable) |
 * | `906` | recorded FAILED (errorCode OPERATOR_ERROR) |
 * | `907` | recorded REFUNDED |
 * | `908` | applied (SUCCESSFUL), then answered 502 with an HTML page |
 * | anything else | SUCCESSFUL at once |
 */

export interface ReloadlyFakeOptions {
  clientId: string;
  clientSecret: string;
  /** Lifetime of an issued token, seconds. Default 3600. */
  tokenTtlS?: number;
  /** How long a `904` top-up stays PROCESSING. Default 3000. */
  processingMs?: number;
  /** How long a request that never answers is held open before a 504. Default 60000. */
  hangMs?: number;
  /** The fake's clock: token expiry and `904` completion. Default Date.now. */
  now?: () => number;
}

export type FakeStatus = 'SUCCESSFUL' | 'PROCESSING' | 'FAILED' | 'REFUNDED';
/** A fault the next request to an endpoint meets instead of its answer. */
export type FakeFault = 'hang' | 'error' | 'garbage' | 'unauthorized';
type Endpoint = 'token' | 'topups' | 'reports';

export interface FakeTopup {
  transactionId: number;
  customIdentifier: string;
  /** The amount exactly as it came on the wire. */
  amountText: string;
  /** The same amount in minor units (two decimal digits). */
  amount: number;
  useLocalAmount: boolean;
  operatorId: number | undefined;
  recipientPhone: { countryCode: string; number: string };
  status: FakeStatus;
  completeAt: number;
  /** When the fake received it (its clock). */
  createdAt: number;
}

const tokenRequest = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  grant_type: z.literal('client_credentials'),
  audience: z.string().min(1),
});

const topupRequest = z.object({
  amount: z.number().positive(),
  useLocalAmount: z.boolean(),
  customIdentifier: z.string().min(1).max(255),
  operatorId: z.number().int().optional(),
  recipientPhone: z.object({
    countryCode: z.string().length(2),
    number: z.string().regex(/^[0-9]{6,15}$/),
  }),
});

const fail = (errorCode: string, message: string) => ({
  timeStamp: new Date().toISOString(),
  message,
  errorCode,
});

export function createReloadlyFake(options: ReloadlyFakeOptions) {
  const now = options.now ?? Date.now;
  const tokenTtlS = options.tokenTtlS ?? 3_600;
  const processingMs = options.processingMs ?? 3_000;
  const hangMs = options.hangMs ?? 60_000;
  const tokens = new Map<string, number>();
  const topups = new Map<string, FakeTopup>();
  const faults: Record<Endpoint, FakeFault[]> = { token: [], topups: [], reports: [] };
  /** Requests that reached each endpoint (top-ups: with a valid token). */
  const requests: Record<Endpoint, number> = { token: 0, topups: 0, reports: 0 };
  let sequence = 1_000;

  const current = (topup: FakeTopup): FakeTopup => {
    if (topup.status === 'PROCESSING' && now() >= topup.completeAt) topup.status = 'SUCCESSFUL';
    return topup;
  };

  const view = (topup: FakeTopup) => ({
    transactionId: topup.transactionId,
    status: current(topup).status,
    operatorTransactionId: `OP-${topup.transactionId}`,
    customIdentifier: topup.customIdentifier,
    recipientPhone: topup.recipientPhone.number,
    countryCode: topup.recipientPhone.countryCode,
    operatorId: topup.operatorId ?? 1,
    requestedAmount: Number(topup.amountText),
    deliveredAmount: Number(topup.amountText),
    errorCode: topup.status === 'FAILED' ? 'OPERATOR_ERROR' : null,
    // Reloadly's format: `yyyy-MM-dd HH:mm:ss`, UTC.
    transactionDate: new Date(topup.createdAt).toISOString().slice(0, 19).replace('T', ' '),
  });

  /** The injected fault for this request, as a response; undefined for a normal answer. */
  const faulted = async (c: Context, endpoint: Endpoint): Promise<Response | undefined> => {
    const fault = faults[endpoint].shift();
    if (fault === 'hang') return hang(c.req.raw.signal, hangMs);
    if (fault === 'error') return c.html('<html>upstream error</html>', 503);
    if (fault === 'garbage') return c.html('<html>maintenance</html>', 200);
    if (fault === 'unauthorized') return c.json(fail('INVALID_TOKEN', 'Invalid token'), 401);
    return undefined;
  };

  const authorized = (c: Context): boolean => {
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const expires = token === undefined ? undefined : tokens.get(token);
    return expires !== undefined && now() < expires;
  };

  const app = new Hono();

  app.post('/oauth/token', async (c) => {
    requests.token++;
    const fault = await faulted(c, 'token');
    if (fault) return fault;
    const body = tokenRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ error: 'invalid_request' }, 400);
    if (
      body.data.client_id !== options.clientId ||
      body.data.client_secret !== options.clientSecret
    ) {
      return c.json({ error: 'access_denied', error_description: 'Access Denied' }, 401);
    }
    const token = `fake-token-${crypto.randomUUID()}`;
    tokens.set(token, now() + tokenTtlS * 1_000);
    return c.json({
      access_token: token,
      scope: 'send-topups',
      expires_in: tokenTtlS,
      token_type: 'Bearer',
    });
  });

  app.post('/topups', async (c) => {
    const fault = await faulted(c, 'topups');
    if (fault) return fault;
    if (!authorized(c)) return c.json(fail('TOKEN_EXPIRED', 'Invalid or expired token'), 401);
    requests.topups++;
    const text = await c.req.text();
    const amountText = /"amount"\s*:\s*([0-9.eE+-]+)/.exec(text)?.[1];
    const parsed = topupRequest.safeParse(parseJson(text));
    if (!parsed.success || amountText === undefined) {
      return c.json(fail('INVALID_REQUEST', 'Invalid request body'), 400);
    }
    const { customIdentifier, recipientPhone } = parsed.data;
    if (topups.has(customIdentifier)) {
      return c.json(fail('DUPLICATED_CUSTOM_IDENTIFIER', 'customIdentifier already used'), 400);
    }
    const suffix = recipientPhone.number.slice(-3);
    if (suffix === '901') return c.json(fail('INVALID_RECIPIENT_PHONE', 'Invalid phone'), 400);
    if (suffix === '905') {
      return c.json(fail('OPERATOR_UNAVAILABLE_OR_CURRENTLY_INACTIVE', 'Operator down'), 400);
    }
    if (suffix === '903') return hang(c.req.raw.signal, hangMs);
    const topup: FakeTopup = {
      transactionId: ++sequence,
      customIdentifier,
      amountText,
      amount: minorUnits(amountText),
      useLocalAmount: parsed.data.useLocalAmount,
      operatorId: parsed.data.operatorId,
      recipientPhone,
      status: STATUS_BY_SUFFIX[suffix] ?? 'SUCCESSFUL',
      completeAt: now() + processingMs,
      createdAt: now(),
    };
    topups.set(customIdentifier, topup);
    if (suffix === '902') return hang(c.req.raw.signal, hangMs);
    if (suffix === '908') return c.html('<html>502 Bad Gateway</html>', 502);
    return c.json(view(topup));
  });

  app.get('/topups/reports/transactions', async (c) => {
    const fault = await faulted(c, 'reports');
    if (fault) return fault;
    if (!authorized(c)) return c.json(fail('TOKEN_EXPIRED', 'Invalid or expired token'), 401);
    requests.reports++;
    // Like a search filter, it matches part of the identifier: the client must pick the exact one.
    const filter = c.req.query('customIdentifier') ?? '';
    // startDate/endDate (`yyyy-MM-dd HH:mm:ss`, UTC, inclusive, second precision) and
    // 1-based pages of `size`, as Reloadly's report takes them.
    const from = reportDate(c.req.query('startDate'), 0);
    const to = reportDate(c.req.query('endDate'), 999);
    const size = Math.min(Math.max(Number(c.req.query('size') ?? 200) || 200, 1), 200);
    const page = Math.max(Number(c.req.query('page') ?? 1) || 1, 1);
    const all = [...topups.values()]
      .filter((t) => t.customIdentifier.includes(filter))
      .filter((t) => t.createdAt >= from && t.createdAt <= to)
      .map(view);
    const totalPages = Math.max(Math.ceil(all.length / size), 1);
    const content = all.slice((page - 1) * size, page * size);
    return c.json({
      content,
      totalElements: all.length,
      totalPages,
      number: page,
      last: page >= totalPages,
    });
  });

  return {
    app,
    requests,
    /** Every top-up recorded under this customIdentifier (never more than one). */
    topup: (customIdentifier: string) => {
      const found = topups.get(customIdentifier);
      return found && current(found);
    },
    /** The next request to `endpoint` meets `fault` (queued, one per call). */
    inject(endpoint: Endpoint, fault: FakeFault) {
      faults[endpoint].push(fault);
    },
    /** Every issued token stops working, as when Reloadly revokes or rotates them. */
    revokeTokens() {
      tokens.clear();
    },
    /** What the fake credited, for checkLedger: FAILED and REFUNDED top-ups delivered nothing. */
    credited(): CarrierRecord[] {
      return [...topups.values()].flatMap((t): CarrierRecord[] => {
        const status = CREDITED[current(t).status];
        return status ? [{ saleId: t.customIdentifier, amount: t.amount, status }] : [];
      });
    },
  };
}

export type ReloadlyFake = ReturnType<typeof createReloadlyFake>;

/** Serves the fake on a free loopback port; `close` also drops requests it is holding open. */
export async function serveReloadlyFake(fake: ReloadlyFake) {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const CREDITED: Partial<Record<FakeStatus, CarrierRecord['status']>> = {
  SUCCESSFUL: 'succeeded',
  PROCESSING: 'processing',
};

const STATUS_BY_SUFFIX: Record<string, FakeStatus> = {
  '904': 'PROCESSING',
  '906': 'FAILED',
  '907': 'REFUNDED',
};

/** A report date bound in epoch ms (plus `extraMs` for an end bound); unbounded when absent. */
function reportDate(text: string | undefined, extraMs: number): number {
  if (text === undefined) return extraMs === 0 ? -Infinity : Infinity;
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? Number.NaN : ms + extraMs;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** "123.45" to 12345, exactly (string arithmetic); NaN when not a two-digit decimal. */
function minorUnits(text: string): number {
  const match = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Holds the request open until the client gives up (or `hangMs`), then 504. */
function hang(signal: AbortSignal, hangMs: number): Promise<Response> {
  return new Promise((resolve) => {
    const answer = () => resolve(new Response('gateway timeout', { status: 504 }));
    const cancel = realSchedule(answer, hangMs);
    signal.addEventListener('abort', () => {
      cancel();
      answer();
    });
  });
}
