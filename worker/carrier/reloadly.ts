import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { fractionDigits } from '../../core/money';
import {
  type CarrierGateway,
  type CarrierReportItem,
  CarrierTimeoutError,
  type ReverseOutcome,
  type TopupOutcome,
  type TopupRequest,
  type TopupStatus,
} from './gateway';
import { ReloadlyTokens } from './reloadly-auth';

export { ReloadlyCredentialsError } from './reloadly-auth';

export interface ReloadlyOptions {
  clientId: string;
  clientSecret: string;
  /** Default Reloadly's production token endpoint. */
  authUrl?: string;
  /** Default Reloadly's production top-up API; the sandbox is https://topups-sandbox.reloadly.com. */
  apiUrl?: string;
  /** OAuth audience. Default the API URL, which is what Reloadly expects. */
  audience?: string;
  /** Our operator name to Reloadly's operatorId; without one Reloadly detects the operator. */
  operatorIds?: Record<string, number>;
  /** Our currency, for the minor units of the report's decimal amounts. Default KES. */
  currency?: string;
  /** Default true: our amounts are in the recipient's local currency (DESIGN 8 CURRENCY). */
  useLocalAmount?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  /** Where a refused credential is reported. Default console.error. */
  log?: (message: string) => void;
}

const ACCEPT = 'application/com.reloadly.topups-v1+json';

/**
 * Reloadly error codes that mean this number or amount will never work: declined. Every
 * other refusal is `unavailable` (retryable by a new sale). Reloadly-style codes as the
 * fake serves them; check them against Reloadly's list before going live.
 */
const DECLINED = new Set([
  'INVALID_RECIPIENT',
  'INVALID_RECIPIENT_PHONE',
  'INVALID_PHONE_NUMBER',
  'PHONE_NUMBER_NOT_SUPPORTED',
  'COULD_NOT_AUTO_DETECT_OPERATOR',
  'INVALID_AMOUNT_FOR_OPERATOR',
]);
/** A top-up with this customIdentifier exists already: ours, sent before. */
const DUPLICATE = 'DUPLICATED_CUSTOM_IDENTIFIER';

const transaction = z.object({
  transactionId: z.union([z.number().int(), z.string().min(1)]),
  status: z.enum(['SUCCESSFUL', 'PROCESSING', 'PENDING', 'FAILED', 'REFUNDED']),
  customIdentifier: z.string().nullish(),
  errorCode: z.string().nullish(),
});
type Transaction = z.infer<typeof transaction>;

/** A page of Reloadly's transactions report (a Spring page: `content`, `last`). */
const reportTransactions = z.object({
  content: z.array(
    z.looseObject({
      customIdentifier: z.string().nullish(),
      status: transaction.shape.status,
      requestedAmount: z.number().nonnegative(),
      transactionDate: z.string(),
    }),
  ),
  last: z.boolean().optional(),
  totalPages: z.number().int().optional(),
});
const REPORT_PAGE_SIZE = 200;
const REPORT_STATUS = {
  SUCCESSFUL: 'succeeded',
  PROCESSING: 'processing',
  PENDING: 'processing',
  REFUNDED: 'reversed',
  FAILED: 'failed',
} as const satisfies Record<Transaction['status'], CarrierReportItem['status']>;

const apiError = z.object({ errorCode: z.string().min(1), message: z.string().nullish() });
const reportPage = z.object({ content: z.array(z.looseObject({ customIdentifier: z.unknown() })) });

interface Answer {
  status: number;
  body: unknown;
}

/**
 * A Reloadly-style aggregator as the carrier gateway (DESIGN 4): OAuth client credentials,
 * our sale id as `customIdentifier`, statuses PROCESSING/SUCCESSFUL/REFUNDED/FAILED. Only
 * `fetch`, so it runs on Node and on Workers. Anything but a well-formed answer in time
 * (abort, network error, 5xx, unexpected body) throws CarrierTimeoutError: the outcome is
 * unknown and reconciliation asks again; it never guesses.
 */
export class ReloadlyGateway implements CarrierGateway {
  private readonly apiUrl: string;
  private readonly tokens: ReloadlyTokens;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ReloadlyOptions) {
    this.apiUrl = (options.apiUrl ?? 'https://topups.reloadly.com').replace(/\/+$/, '');
    // Wrapped: Workers throw "Illegal invocation" when fetch is called as a method.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.tokens = new ReloadlyTokens({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authUrl: options.authUrl ?? 'https://auth.reloadly.com/oauth/token',
      audience: options.audience ?? this.apiUrl,
      fetchImpl: this.fetchImpl,
      now: options.now ?? Date.now,
      log: options.log ?? ((message) => console.error(message)),
    });
  }

  async topup(request: TopupRequest, timeoutMs: number): Promise<TopupOutcome> {
    const body = this.topupBody(request);
    // The same request gives the same answer every time, so nothing was ever sent.
    if ('status' in body) return body;
    return this.within('POST /topups', timeoutMs, async (signal) => {
      const answer = await this.send('POST', '/topups', signal, body.json);
      if (answer.status < 300) return outcomeOf(parse(transaction, answer.body), request.saleId);
      const refusal = apiError.safeParse(answer.body);
      if (refusal.success && refusal.data.errorCode === DUPLICATE) {
        // A retry of a top-up sent before (its answer was lost): its record tells what happened.
        const earlier = await this.lookup(request.saleId, signal);
        if (!earlier) throw new Error('duplicate customIdentifier, but no such transaction');
        return outcomeOf(earlier, request.saleId);
      }
      // Only Reloadly's own refusal of this request is an outcome; a proxy's 4xx is not.
      if (!refusal.success || ![400, 403, 404, 422].includes(answer.status)) {
        throw new Error(`HTTP ${answer.status}`);
      }
      return failure(refusal.data.errorCode, refusal.data.message);
    });
  }

  status(saleId: string, timeoutMs: number): Promise<TopupStatus> {
    return this.within('GET /topups/reports/transactions', timeoutMs, async (signal) => {
      const found = await this.lookup(saleId, signal);
      if (!found) return { status: 'not_found' };
      switch (found.status) {
        case 'SUCCESSFUL':
          return { status: 'succeeded', carrierRef: String(found.transactionId) };
        case 'PROCESSING':
        case 'PENDING':
          return { status: 'processing' };
        case 'FAILED':
          return { status: 'failed', reason: found.errorCode ?? 'FAILED' };
        case 'REFUNDED':
          return { status: 'reversed' };
      }
    });
  }

  /**
   * Reloadly's API cannot take airtime back (a refund is Reloadly's decision, through its
   * support), so a reversal is refused, unless Reloadly has refunded the top-up already:
   * then the customer has nothing and the sale can be reversed in our ledger too.
   */
  reverse(saleId: string, timeoutMs: number): Promise<ReverseOutcome> {
    return this.within('reversal lookup', timeoutMs, async (signal) => {
      const found = await this.lookup(saleId, signal);
      if (found?.status === 'REFUNDED') return { status: 'reversed' };
      return {
        status: 'refused',
        reason: found
          ? 'Reloadly top-ups cannot be reversed through the API'
          : 'Reloadly has no such top-up',
      };
    });
  }

  /**
   * Reloadly's transactions report (GET /topups/reports/transactions with startDate and
   * endDate as `yyyy-MM-dd HH:mm:ss`, UTC, paged from 1), every page within one deadline.
   * Top-ups without our customIdentifier are not ours and are left out.
   */
  report(fromMs: number, toMs: number, timeoutMs: number): Promise<CarrierReportItem[]> {
    return this.within('GET /topups/reports/transactions', timeoutMs, async (signal) => {
      const digits = fractionDigits(this.options.currency ?? 'KES');
      const items: CarrierReportItem[] = [];
      for (let page = 1; ; page++) {
        const query = new URLSearchParams({
          startDate: reloadlyDate(fromMs),
          endDate: reloadlyDate(toMs),
          page: String(page),
          size: String(REPORT_PAGE_SIZE),
        });
        const answer = await this.send('GET', `/topups/reports/transactions?${query}`, signal);
        if (answer.status >= 300) throw new Error(`HTTP ${answer.status}`);
        const body = parse(reportTransactions, answer.body);
        for (const t of body.content) {
          const at = Date.parse(`${t.transactionDate.replace(' ', 'T')}Z`);
          if (!t.customIdentifier || !(at >= fromMs && at < toMs)) continue;
          items.push({
            saleId: t.customIdentifier,
            amount: Math.round(t.requestedAmount * 10 ** digits),
            status: REPORT_STATUS[t.status],
            at,
          });
        }
        if (body.content.length === 0 || body.last !== false) return items;
        if (page >= 1_000) throw new Error('transactions report has too many pages');
      }
    });
  }

  /** The top-up whose customIdentifier is exactly `saleId`, or undefined when there is none. */
  private async lookup(saleId: string, signal: AbortSignal): Promise<Transaction | undefined> {
    const path = `/topups/reports/transactions?customIdentifier=${encodeURIComponent(saleId)}`;
    const answer = await this.send('GET', path, signal);
    // A 404 here is a wrong URL, not "no such top-up": never read it as not_found.
    if (answer.status >= 300) throw new Error(`HTTP ${answer.status}`);
    // The filter may match more than the exact id; only an exact match is ours.
    const ours = parse(reportPage, answer.body).content.filter(
      (t) => t.customIdentifier === saleId,
    );
    if (ours.length > 1) throw new Error(`${ours.length} transactions for one customIdentifier`);
    return ours[0] === undefined ? undefined : parse(transaction, ours[0]);
  }

  /** One API call with a bearer token; a refused token is renewed once. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    json?: string,
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get(signal);
      const headers: Record<string, string> = { accept: ACCEPT, authorization: `Bearer ${token}` };
      if (json !== undefined) headers['content-type'] = 'application/json';
      const response = await this.fetchImpl(`${this.apiUrl}${path}`, {
        method,
        headers,
        body: json,
        signal,
      });
      if (response.status === 401) {
        await response.body?.cancel();
        this.tokens.invalidate(token);
        if (attempt === 1) continue;
        throw this.tokens.refused(response.status);
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      // Unparseable bodies throw here, and become unknown outcomes in `within`.
      return { status: response.status, body: await response.json() };
    }
  }

  /** Runs `work` under one deadline for all its requests; every failure is an unknown outcome. */
  private async within<T>(
    what: string,
    timeoutMs: number,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    try {
      return await work(AbortSignal.timeout(timeoutMs));
    } catch (error) {
      if (error instanceof CarrierTimeoutError) throw error;
      throw new CarrierTimeoutError(
        `Reloadly gave no usable answer to ${what} within ${timeoutMs} ms`,
        {
          cause: error,
        },
      );
    }
  }

  /** The JSON body, or the decline when this request can never be sent. */
  private topupBody(request: TopupRequest): { json: string } | TopupOutcome {
    const phone = parsePhoneNumberFromString(request.msisdn);
    if (!phone?.country) return { status: 'declined', reason: 'number without a country' };
    let amount: string;
    try {
      amount = decimalAmount(request.amount, fractionDigits(request.currency));
    } catch (error) {
      return { status: 'declined', reason: `amount not sendable: ${(error as Error).message}` };
    }
    const rest = {
      operatorId: this.options.operatorIds?.[request.operator],
      useLocalAmount: this.options.useLocalAmount ?? true,
      customIdentifier: request.saleId,
      recipientPhone: { countryCode: phone.country, number: phone.number.slice(1) },
    };
    // The amount goes on the wire as the exact decimal literal, never through a float.
    return { json: `{"amount":${amount},${JSON.stringify(rest).slice(1)}` };
  }
}

/** An instant as Reloadly's report dates: `yyyy-MM-dd HH:mm:ss`, UTC. */
const reloadlyDate = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Integer minor units as the API's decimal amount, by string arithmetic so no float ever
 * touches it: 12345 with 2 digits is "123.45", 12340 is "123.4", 500 with 0 digits "500".
 */
export function decimalAmount(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor) || minor <= 0) {
    throw new RangeError(`amount must be a positive integer of minor units, got ${minor}`);
  }
  const text = String(minor).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error('unexpected answer', { cause: parsed.error });
  return parsed.data;
}

function outcomeOf(found: Transaction, saleId: string): TopupOutcome {
  if (found.customIdentifier != null && found.customIdentifier !== saleId) {
    throw new Error('answer is about another customIdentifier');
  }
  switch (found.status) {
    case 'SUCCESSFUL':
      return { status: 'succeeded', carrierRef: String(found.transactionId) };
    case 'PROCESSING':
    case 'PENDING':
      // Not an outcome yet: the sale waits as `unknown` and reconciliation asks again.
      throw new CarrierTimeoutError(`Reloadly is still processing top-up ${found.transactionId}`);
    case 'FAILED':
    case 'REFUNDED':
      return failure(found.errorCode ?? found.status, undefined);
  }
}

function failure(code: string, message: string | null | undefined): TopupOutcome {
  const reason = message ? `${code}: ${message}` : code;
  return DECLINED.has(code) ? { status: 'declined', reason } : { status: 'unavailable', reason };
}
