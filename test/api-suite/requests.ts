import { describe, expect, it } from 'vitest';
import { Api, type ErrorBody, type Target } from './target';

/** Login and the idempotency table of DESIGN 4, over HTTP. Retailer +254700000101. */
export function requestTests(target: () => Target) {
  const api = () => new Api(target().url);
  const order = { msisdn: '0712345678', amount: 10_000 };
  let token: string;
  let key = 0;
  const newKey = (what: string) => `suite-${what}-${Date.now()}-${++key}`;

  /** What a rejected request must leave as it was: the wallet and the sales list. */
  async function snapshot() {
    const sales = await api().call<{ items: unknown[] }>('GET', '/api/v1/sales?limit=100', {
      token,
    });
    return { wallet: await api().wallet(token), sales: sales.body.items };
  }

  describe('login', () => {
    it('logs a retailer in with phone and PIN, and its token opens its wallet', async () => {
      const res = await api().call<{ token: string; user: { id: string; role: string } }>(
        'POST',
        '/api/v1/auth/login',
        { body: { phone: '0700000101', pin: '1357' } },
      );
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: 'u-ret-101', role: 'retailer' });
      token = res.body.token;
      expect(await api().wallet(token)).toMatchObject({ currency: 'KES' });
    });

    it('logs staff in with email and password', async () => {
      const res = await api().call<{ user: { role: string } }>('POST', '/api/v1/auth/login', {
        body: { email: 'admin@demo.airload', password: 'airload-demo' },
      });
      expect(res.status).toBe(200);
      expect(res.body.user.role).toBe('admin');
    });

    it('refuses a wrong PIN with 401 and no token', async () => {
      const res = await api().call<ErrorBody>('POST', '/api/v1/auth/login', {
        body: { phone: '+254700000201', pin: '9999' },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
    });

    it('refuses the API without a token', async () => {
      const res = await api().call<ErrorBody>('GET', '/api/v1/wallet');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    });
  });

  describe('POST /api/v1/sales idempotency (DESIGN 4)', () => {
    it.each([
      ['no key', undefined],
      ['a key over 255 characters', 'k'.repeat(256)],
      ['a key with a space', 'bad key'],
    ])('refuses %s with 400 and writes nothing', async (_, badKey) => {
      const before = await snapshot();
      const headers: Record<string, string> =
        badKey === undefined ? {} : { 'idempotency-key': badKey };
      const res = await api().call<ErrorBody>('POST', '/api/v1/sales', {
        token,
        body: order,
        headers,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_idempotency_key');
      expect(await snapshot()).toEqual(before);
    });

    it('creates the sale for a new key, holding the money first', async () => {
      const before = await api().wallet(token);
      const res = await api().sell(token, newKey('new'), order);
      expect(res.status).toBe(201);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
      expect(res.body).toMatchObject({ msisdn: '+254712345678', amount: 10_000, currency: 'KES' });
      const after = await api().wallet(token);
      expect(after.available).toBe(before.available - 10_000);
    });

    it('answers the same key and body with the stored sale, marked replayed', async () => {
      const k = newKey('replay');
      const first = await api().sell(token, k, order);
      expect(first.status).toBe(201);
      const before = await api().wallet(token);
      const again = await api().sell(token, k, order);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await api().wallet(token)).toEqual(before);
    });

    it('refuses the same key with another body with 422', async () => {
      const k = newKey('other-body');
      expect((await api().sell(token, k, order)).status).toBe(201);
      const before = await snapshot();
      const res = await api().sell(token, k, { ...order, amount: 20_000 });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('idempotency_key_reused');
      expect(await snapshot()).toEqual(before);
    });

    it('gives a rejected key the same rejection forever', async () => {
      const k = newKey('rejected');
      const first = await api().sell(token, k, { ...order, amount: 100 });
      expect(first.status).toBe(422);
      expect(first.body.error.code).toBe('amount_out_of_range');
      const again = await api().sell(token, k, { ...order, amount: 100 });
      expect(again.status).toBe(422);
      expect(again.body.error.code).toBe('amount_out_of_range');
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('scopes keys to the retailer: another retailer may use the same key', async () => {
      const k = newKey('shared');
      const mine = await api().sell(token, k, order);
      const other = await api().sell(await api().login('+254700000102'), k, order);
      expect([mine.status, other.status]).toEqual([201, 201]);
      expect(other.body.id).not.toBe(mine.body.id);
    });
  });
}
