import { describe, expect, it } from 'vitest';
import { parseSale } from '../../shop/outbox/sales';
import { aSale } from '../../shop/sale-fixture';
import { BACKOFF_MAX_MS, backoffDelay, classify, type SendAnswer } from './retry';

const sale = aSale();

const response = (status: number, body: unknown, replayed = false): SendAnswer => ({
  kind: 'response',
  status,
  body,
  replayed,
});
const error = (code: string, message = `${code} happened`) => ({ error: { code, message } });

describe('outbox retry rules', () => {
  it('takes a 201 with a sale, first time or replayed', () => {
    expect(classify(response(201, sale), parseSale)).toEqual({
      kind: 'accepted',
      result: sale,
      replayed: false,
    });
    expect(classify(response(201, sale, true), parseSale)).toMatchObject({
      kind: 'accepted',
      replayed: true,
    });
  });

  it('retries a network error, a 5xx and a 2xx that is not a sale', () => {
    expect(classify({ kind: 'network', message: 'Failed to fetch' }, parseSale).kind).toBe('retry');
    for (const status of [500, 502, 503, 504]) {
      expect(classify(response(status, error('internal')), parseSale).kind).toBe('retry');
    }
    // A captive portal's page, or an empty answer from a proxy.
    expect(classify(response(200, '<html>Login to Wi-Fi</html>'), parseSale).kind).toBe('retry');
    expect(classify(response(204, null), parseSale).kind).toBe('retry');
  });

  it('retries 409 idempotency_in_progress, 408 and 429', () => {
    const busy = classify(
      response(409, error('idempotency_in_progress', 'still writing')),
      parseSale,
    );
    expect(busy).toEqual({
      kind: 'retry',
      error: { code: 'idempotency_in_progress', message: 'still writing', status: 409 },
    });
    expect(classify(response(408, null), parseSale).kind).toBe('retry');
    expect(classify(response(429, error('rate_limited')), parseSale).kind).toBe('retry');
  });

  it('makes another 409 final: a state the request ran into, not one still being written', () => {
    expect(classify(response(409, error('stock_request_pending', 'waiting')), parseSale)).toEqual({
      kind: 'final',
      error: { code: 'stock_request_pending', message: 'waiting', status: 409 },
    });
  });

  it('waits for a login on 401 instead of giving the sale up', () => {
    expect(classify(response(401, error('invalid_token')), parseSale).kind).toBe('auth');
  });

  it("makes any other 4xx final, with the server's code and message", () => {
    expect(
      classify(
        response(402, error('insufficient_funds', 'The wallet cannot pay for this sale')),
        parseSale,
      ),
    ).toEqual({
      kind: 'final',
      error: {
        code: 'insufficient_funds',
        message: 'The wallet cannot pay for this sale',
        status: 402,
      },
    });
    for (const [status, code] of [
      [422, 'amount_out_of_range'],
      [422, 'idempotency_key_reused'],
      [400, 'invalid_msisdn'],
      [403, 'outlet_frozen'],
    ] as const) {
      expect(classify(response(status, error(code)), parseSale)).toMatchObject({
        kind: 'final',
        error: { code, status },
      });
    }
    expect(classify(response(404, 'not json'), parseSale)).toMatchObject({
      kind: 'final',
      error: { code: 'http_404', status: 404 },
    });
  });
});

describe('outbox backoff', () => {
  it('doubles from about two seconds, within half to all of each step', () => {
    expect(backoffDelay(1, 0)).toBe(1_000);
    expect(backoffDelay(1, 0.999)).toBeLessThanOrEqual(2_000);
    expect(backoffDelay(2, 0)).toBe(2_000);
    expect(backoffDelay(3, 0.5)).toBe(6_000);
    for (let attempt = 1; attempt < 6; attempt++) {
      expect(backoffDelay(attempt + 1, 0)).toBeGreaterThan(backoffDelay(attempt, 0));
    }
  });

  it('never waits more than a minute, however many attempts failed', () => {
    for (const attempts of [7, 20, 1000]) {
      expect(backoffDelay(attempts, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
      expect(backoffDelay(attempts, 0)).toBe(BACKOFF_MAX_MS / 2);
    }
  });
});
