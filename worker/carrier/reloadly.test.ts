import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fractionDigits } from '../../core/money';
import { parseConfig } from '../env';
import { CarrierTimeoutError, type TopupRequest } from './gateway';
import {
  decimalAmount,
  ReloadlyCredentialsError,
  ReloadlyGateway,
  type ReloadlyOptions,
} from './reloadly';
import { createReloadlyFake, type FakeFault, serveReloadlyFake } from './reloadly-fake';
import { carrierFromConfig } from './select';
import { CarrierSimulator } from './simulator';

/** Short, so the tests for an API that never answers stay quick. */
const TIMEOUT = 300;
const TOKEN_TTL_S = 3_600;
const PROCESSING_MS = 3_000;

// One clock for the fake (token expiry, PROCESSING completion) and the gateway's token cache.
let now = Date.UTC(2030, 0, 1);
const fake = createReloadlyFake({
  clientId: 'test-client',
  clientSecret: 'test-secret',
  tokenTtlS: TOKEN_TTL_S,
  processingMs: PROCESSING_MS,
  now: () => now,
});
let served: Awaited<ReturnType<typeof serveReloadlyFake>>;
const logged: string[] = [];

beforeAll(async () => {
  served = await serveReloadlyFake(fake);
});
afterAll(() => served.close());

function gateway(overrides: Partial<ReloadlyOptions> = {}) {
  return new ReloadlyGateway({
    clientId: 'test-client',
    clientSecret: 'test-secret',
    authUrl: `${served.url}/oauth/token`,
    apiUrl: served.url,
    operatorIds: { safaricom: 265 },
    now: () => now,
    log: (message) => logged.push(message),
    ...overrides,
  });
}

let sequence = 0;
function request(suffix: string, amount = 1_000): TopupRequest {
  const saleId = `sale-${++sequence}`;
  return { saleId, msisdn: `+254712345${suffix}`, amount, currency: 'KES', operator: 'safaricom' };
}

describe('Reloadly access tokens', () => {
  it('asks for one token and reuses it until shortly before it expires', async () => {
    const g = gateway();
    const before = fake.requests.token;
    await g.topup(request('123'), TIMEOUT);
    await g.status('sale-none', TIMEOUT);
    expect(fake.requests.token - before).toBe(1);
    now += TOKEN_TTL_S * 1_000 - 120_000;
    await g.status('sale-none', TIMEOUT);
    expect(fake.requests.token - before).toBe(1);
    now += 90_000; // 30 s before expiry: renewed rather than risked
    await g.status('sale-none', TIMEOUT);
    expect(fake.requests.token - before).toBe(2);
  });

  it('shares one token request between calls made at once', async () => {
    const g = gateway();
    const before = fake.requests.token;
    const answers = await Promise.all([1, 2, 3, 4].map(() => g.status('sale-none', TIMEOUT)));
    expect(answers).toEqual(Array(4).fill({ status: 'not_found' }));
    expect(fake.requests.token - before).toBe(1);
  });

  it('renews a token the API refuses (401) once and completes the top-up', async () => {
    const g = gateway();
    await g.status('sale-none', TIMEOUT);
    fake.revokeTokens();
    const before = fake.requests.token;
    const sale = request('123');
    expect(await g.topup(sale, TIMEOUT)).toMatchObject({ status: 'succeeded' });
    expect(fake.requests.token - before).toBe(1);
    expect(fake.topup(sale.saleId)).toBeDefined();
  });

  it('reports wrong credentials as a configuration error with an unknown outcome, sending nothing', async () => {
    const sale = request('123');
    const error = await gateway({ clientSecret: 'wrong' })
      .topup(sale, TIMEOUT)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ReloadlyCredentialsError);
    expect(error).toBeInstanceOf(CarrierTimeoutError);
    expect(error.message).toMatch(/RELOADLY_CLIENT_SECRET/);
    expect(logged.at(-1)).toBe(error.message);
    expect(fake.topup(sale.saleId)).toBeUndefined();
  });

  it('gives up after one renewal when the API refuses every token', async () => {
    const sale = request('123');
    fake.inject('topups', 'unauthorized');
    fake.inject('topups', 'unauthorized');
    await expect(gateway().topup(sale, TIMEOUT)).rejects.toBeInstanceOf(ReloadlyCredentialsError);
    expect(fake.topup(sale.saleId)).toBeUndefined();
  });
});

describe('Reloadly amounts', () => {
  it('turns integer minor units into the exact decimal by string arithmetic', () => {
    expect(decimalAmount(12345, 2)).toBe('123.45');
    expect(decimalAmount(12340, 2)).toBe('123.4');
    expect(decimalAmount(10_000, 2)).toBe('100');
    expect(decimalAmount(1, 2)).toBe('0.01');
    expect(decimalAmount(5_000, 0)).toBe('5000');
    expect(decimalAmount(900_719_925_474_099, 2)).toBe('9007199254740.99');
    expect(fractionDigits('KES')).toBe(2);
    expect(fractionDigits('UGX')).toBe(0);
  });

  it('refuses amounts that are not positive whole minor units', () => {
    for (const bad of [0, -100, 12.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => decimalAmount(bad, 2)).toThrow(RangeError);
    }
  });

  it('sends 12345 minor units as the literal 123.45, with our sale id, the number and the operator', async () => {
    const bodies: string[] = [];
    const g = gateway({
      fetch: (input, init) => {
        if (String(input).endsWith('/topups')) bodies.push(String(init?.body));
        return fetch(input, init);
      },
    });
    const sale = request('678', 12_345);
    await g.topup(sale, TIMEOUT);
    expect(bodies[0]).toContain('"amount":123.45,');
    expect(fake.topup(sale.saleId)).toMatchObject({
      customIdentifier: sale.saleId,
      amountText: '123.45',
      amount: 12_345,
      useLocalAmount: true,
      operatorId: 265,
      recipientPhone: { countryCode: 'KE', number: '254712345678' },
    });
    const large = request('679', 900_719_925_474_099);
    await g.topup(large, TIMEOUT);
    expect(fake.topup(large.saleId)).toMatchObject({ amountText: '9007199254740.99' });
  });
});

describe('Reloadly answers', () => {
  const g = () => gateway();

  it.each([
    [
      '901',
      { status: 'declined', reason: expect.stringMatching(/INVALID_RECIPIENT_PHONE/) },
      { status: 'not_found' },
    ],
    [
      '905',
      { status: 'unavailable', reason: expect.stringMatching(/OPERATOR_UNAVAILABLE/) },
      { status: 'not_found' },
    ],
    [
      '906',
      { status: 'unavailable', reason: 'OPERATOR_ERROR' },
      { status: 'failed', reason: 'OPERATOR_ERROR' },
    ],
    ['907', { status: 'unavailable', reason: 'REFUNDED' }, { status: 'reversed' }],
  ])(
    'reads a top-up to a number ending %s as %o and its status as %o',
    async (suffix, outcome, status) => {
      const sale = request(suffix);
      expect(await g().topup(sale, TIMEOUT)).toEqual(outcome);
      expect(await g().status(sale.saleId, TIMEOUT)).toEqual(status);
    },
  );

  it('reads SUCCESSFUL as succeeded with the transactionId as carrier reference, then and later', async () => {
    const sale = request('123');
    const outcome = await g().topup(sale, TIMEOUT);
    const carrierRef = String(fake.topup(sale.saleId)?.transactionId);
    expect(outcome).toEqual({ status: 'succeeded', carrierRef });
    expect(await g().status(sale.saleId, TIMEOUT)).toEqual(outcome);
  });

  it('treats PROCESSING as no outcome yet: unknown, then processing, then succeeded', async () => {
    const sale = request('904');
    await expect(g().topup(sale, TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
    expect(await g().status(sale.saleId, TIMEOUT)).toEqual({ status: 'processing' });
    now += PROCESSING_MS;
    expect(await g().status(sale.saleId, TIMEOUT)).toMatchObject({ status: 'succeeded' });
  });

  it('answers not_found only for an exact id, though the report filter matches longer ones', async () => {
    await g().topup({ ...request('123'), saleId: 'exact-12' }, TIMEOUT);
    expect(await g().status('exact-1', TIMEOUT)).toEqual({ status: 'not_found' });
  });

  it('looks up a retried top-up whose answer was lost (902) instead of sending it twice', async () => {
    const sale = request('902');
    await expect(g().topup(sale, TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
    const carrierRef = String(fake.topup(sale.saleId)?.transactionId);
    expect(await g().topup(sale, TIMEOUT)).toEqual({ status: 'succeeded', carrierRef });
    expect(await g().topup(sale, TIMEOUT)).toEqual({ status: 'succeeded', carrierRef });
    expect(fake.credited().filter((c) => c.saleId === sale.saleId)).toHaveLength(1);
  });

  it('refuses to reverse a delivered top-up, and reports a refunded one as reversed', async () => {
    const delivered = request('123');
    const refunded = request('907');
    await g().topup(delivered, TIMEOUT);
    await g().topup(refunded, TIMEOUT);
    expect(await g().reverse(delivered.saleId, TIMEOUT)).toEqual({
      status: 'refused',
      reason: expect.stringMatching(/cannot be reversed/),
    });
    expect(await g().reverse(refunded.saleId, TIMEOUT)).toEqual({ status: 'reversed' });
    expect(await g().reverse('sale-none', TIMEOUT)).toMatchObject({ status: 'refused' });
  });
});

describe('Reloadly never guesses an outcome', () => {
  it('times out a top-up that never arrives (903); its status is then not_found', async () => {
    const sale = request('903');
    const started = Date.now();
    await expect(gateway().topup(sale, TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT - 20);
    expect(await gateway().status(sale.saleId, TIMEOUT)).toEqual({ status: 'not_found' });
  });

  it('reads a 5xx after the top-up was applied (908) as unknown; its status then says succeeded', async () => {
    const sale = request('908');
    await expect(gateway().topup(sale, TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
    expect(await gateway().status(sale.saleId, TIMEOUT)).toMatchObject({ status: 'succeeded' });
  });

  it.each<FakeFault>(['hang', 'error', 'garbage'])(
    'reads a report lookup meeting %s as CarrierTimeoutError, never not_found',
    async (fault) => {
      fake.inject('reports', fault);
      await expect(gateway().status('sale-none', TIMEOUT)).rejects.toBeInstanceOf(
        CarrierTimeoutError,
      );
    },
  );

  it('reads a failing token endpoint as unknown, not as refused credentials', async () => {
    fake.inject('token', 'error');
    const error = await gateway()
      .status('sale-none', TIMEOUT)
      .catch((e) => e);
    expect(error).toBeInstanceOf(CarrierTimeoutError);
    expect(error).not.toBeInstanceOf(ReloadlyCredentialsError);
  });

  it('reads a wrong API URL (404) and an unreachable host as CarrierTimeoutError', async () => {
    const wrongPath = gateway({ apiUrl: `${served.url}/nowhere` });
    await expect(wrongPath.status('sale-none', TIMEOUT)).rejects.toBeInstanceOf(
      CarrierTimeoutError,
    );
    const down = gateway({
      authUrl: 'http://127.0.0.1:9/oauth/token',
      apiUrl: 'http://127.0.0.1:9',
    });
    await expect(down.topup(request('123'), TIMEOUT)).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});

describe('carrier choice', () => {
  it('uses Reloadly only with CARRIER=reloadly, and refuses that without credentials', () => {
    expect(carrierFromConfig(parseConfig({}))).toBeInstanceOf(CarrierSimulator);
    const env = { CARRIER: 'reloadly', RELOADLY_CLIENT_ID: 'id', RELOADLY_CLIENT_SECRET: 'secret' };
    expect(carrierFromConfig(parseConfig(env))).toBeInstanceOf(ReloadlyGateway);
    expect(() => parseConfig({ CARRIER: 'reloadly', RELOADLY_CLIENT_ID: 'id' })).toThrow(
      /RELOADLY_CLIENT_SECRET/,
    );
  });
});
