import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PIN } from '../db/seed';
import { createHarness, type Harness } from '../test/support/harness';
import { createLogger, memoryLogger } from './log';

/**
 * Issue 14: logs are one JSON object a line with a request id (echoed as X-Request-Id),
 * method, path, status and ms; an unhandled error goes to the log with its stack and
 * the request id, and to the client as a bare 500; no PIN, password, token or body.
 */
const log = memoryLogger();
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ log });
});
afterAll(() => h.close());

const lines = () => log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logs', () => {
  it('write one JSON line per request with its id, method, path, status and ms', async () => {
    const res = await h.call('GET', '/api/v1/products?limit=5', {
      headers: { 'x-request-id': 'probe-1' },
    });
    expect(res.headers.get('x-request-id')).toBe('probe-1');
    const own = await h.call('GET', '/health');
    const id = own.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    for (const line of log.lines) expect(line).not.toContain('\n');
    const request = lines().filter((l) => l.msg === 'request');
    expect(request.find((l) => l.request_id === 'probe-1')).toEqual({
      time: expect.any(String),
      level: 'info',
      msg: 'request',
      request_id: 'probe-1',
      method: 'GET',
      path: '/api/v1/products',
      status: 401,
      ms: expect.any(Number),
    });
    expect(request.find((l) => l.request_id === id)).toMatchObject({
      path: '/health',
      status: 200,
    });
  });

  it('log an unhandled error with its stack and request id, and answer a bare 500', async () => {
    const execute = h.deps.client.execute;
    h.deps.client.execute = () => Promise.reject(new Error('the disk is on fire'));
    let res: Response;
    try {
      res = await h.call('GET', '/health');
    } finally {
      h.deps.client.execute = execute;
    }
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(body).not.toMatch(/disk|at .*\.ts/);
    const id = res.headers.get('x-request-id');
    const error = lines().find((l) => l.level === 'error' && l.request_id === id);
    expect(error).toMatchObject({
      msg: 'unhandled error',
      method: 'GET',
      path: '/health',
      error: {
        name: 'Error',
        message: 'the disk is on fire',
        stack: expect.stringContaining('log.test.ts'),
      },
    });
  });

  it('never carry a PIN, password, token, query secret or body', async () => {
    const before = log.lines.length;
    const token = await h.login('+254700000101');
    await h.login('admin@demo.airload');
    await h.call('POST', '/api/v1/auth/login', { body: { phone: '+254700000102', pin: '9731' } });
    const refresh = await h.call('POST', '/api/v1/auth/login', {
      body: { phone: '+254700000103', pin: DEMO_PIN },
    });
    const { refresh_token } = (await refresh.json()) as { refresh_token: string };
    await h.call('GET', `/api/v1/wallet?secret=query-secret-value`, { token });
    await h.sell(token, 'log-secret-key', { msisdn: '0712345678', amount: 1_234 });
    await h.settled();

    const secrets = [DEMO_PASSWORD, token, refresh_token, 'query-secret-value', '9731', DEMO_PIN];
    const written = lines()
      .slice(before)
      // Ids, times and durations are random digits; a 4-digit PIN could turn up in one by chance.
      .map(({ request_id, time, ms, ...rest }) => JSON.stringify(rest));
    expect(written.length).toBeGreaterThan(5);
    for (const line of written) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/0712345678|1234|log-secret-key|authorization/i);
    }
  });

  it('mask fields named like a secret, whoever passes them', () => {
    const out: string[] = [];
    createLogger((line) => out.push(line)).info('oops', {
      pin: '1234',
      refresh_token: 't',
      who: 'x',
    });
    expect(JSON.parse(out[0]!)).toMatchObject({
      pin: '[redacted]',
      refresh_token: '[redacted]',
      who: 'x',
    });
  });
});
