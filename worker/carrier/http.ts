import { z } from 'zod';
import type { CarrierRecord } from '../ledger/check';
import {
  type CarrierGateway,
  type CarrierReportItem,
  CarrierTimeoutError,
  type ReverseOutcome,
  type TopupOutcome,
  type TopupRequest,
  type TopupStatus,
} from './gateway';

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

const topupOutcome: z.ZodType<TopupOutcome> = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded'), carrierRef: z.string().min(1) }),
  z.object({ status: z.literal('declined'), reason: z.string() }),
  z.object({ status: z.literal('unavailable'), reason: z.string() }),
]);

const topupStatus: z.ZodType<TopupStatus> = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded'), carrierRef: z.string().min(1) }),
  z.object({ status: z.literal('failed'), reason: z.string() }),
  z.object({ status: z.literal('not_found') }),
  z.object({ status: z.literal('processing') }),
  z.object({ status: z.literal('reversed') }),
]);

const creditedList = z.object({
  items: z.array(
    z.object({
      saleId: z.string(),
      amount: z.number(),
      status: z.enum(['succeeded', 'processing', 'reversed']),
    }),
  ),
});

const reportList = z.object({
  items: z.array(
    z.object({
      saleId: z.string(),
      amount: z.number().int(),
      status: z.enum(['succeeded', 'processing', 'reversed', 'failed']),
      at: z.number().int(),
    }),
  ),
});

const reverseOutcome: z.ZodType<ReverseOutcome> = z.discriminatedUnion('status', [
  z.object({ status: z.literal('reversed') }),
  z.object({ status: z.literal('refused'), reason: z.string() }),
]);

/**
 * The carrier simulator's HTTP service (sim-server.ts) as a gateway. Only `fetch`, so it
 * runs on Node and on Workers. Anything but a well-formed 2xx answer in time (abort,
 * network error, other status, unexpected body) is an unknown outcome: it throws
 * CarrierTimeoutError and never guesses (DESIGN 4).
 */
export class HttpCarrierGateway implements CarrierGateway {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    // Wrapped: Workers throw "Illegal invocation" when fetch is called as a method.
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  topup(request: TopupRequest, timeoutMs: number): Promise<TopupOutcome> {
    return this.call(topupOutcome, 'POST', '/topups', timeoutMs, request);
  }

  status(saleId: string, timeoutMs: number): Promise<TopupStatus> {
    return this.call(topupStatus, 'GET', `/topups/${encodeURIComponent(saleId)}`, timeoutMs);
  }

  reverse(saleId: string, timeoutMs: number): Promise<ReverseOutcome> {
    const path = `/topups/${encodeURIComponent(saleId)}/reversal`;
    return this.call(reverseOutcome, 'POST', path, timeoutMs);
  }

  async report(fromMs: number, toMs: number, timeoutMs: number): Promise<CarrierReportItem[]> {
    const path = `/report?from=${fromMs}&to=${toMs}`;
    return (await this.call(reportList, 'GET', path, timeoutMs)).items;
  }

  /** The simulator service's record (GET /credited); throws when it gives none in time. */
  async credited(timeoutMs = 10_000): Promise<CarrierRecord[]> {
    return (await this.call(creditedList, 'GET', '/credited', timeoutMs)).items;
  }

  private async call<T>(
    schema: z.ZodType<T>,
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    payload?: unknown,
  ): Promise<T> {
    const what = `${method} ${path}`;
    let body: unknown;
    try {
      const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: payload === undefined ? { accept: 'application/json' } : JSON_HEADERS,
        body: payload === undefined ? undefined : JSON.stringify(payload),
        // Covers reading the body too: a response that starts but stalls is still a timeout.
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      body = await response.json();
    } catch (error) {
      throw new CarrierTimeoutError(`carrier gave no answer to ${what} within ${timeoutMs} ms`, {
        cause: error,
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new CarrierTimeoutError(`carrier gave an unexpected answer to ${what}`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}
