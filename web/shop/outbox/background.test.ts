import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getKv, openAirloadDb, putKv, type Session } from '../db';
import { aDispute } from '../dispute-fixture';
import { openStockDb } from '../stock/stock-db';
import { StockOutbox } from '../stock/stock-outbox';
import { flushInBackground } from './background';
import { DisputeOutbox } from './disputes';
import { SaleOutbox } from './sales';

const NOW = 1_750_000_000_000;
const session: Session = {
  token: 'token-101',
  expiresAt: NOW + 3_600_000,
  userId: 'u-ret-101',
  name: 'Demo Shop 101',
  phone: '0700000101',
  pin: { salt: '', hash: '', iterations: 1 },
};

async function queueOne(withSession: Session | undefined) {
  const db = await openAirloadDb();
  if (withSession) await putKv(db, 'session', withSession);
  await putKv(db, 'wallet', {
    userId: 'u-ret-101',
    at: NOW,
    wallet: { available: 100_000, held: 0, commission: 0, currency: 'KES' },
  });
  const outbox = new SaleOutbox(db, async () => ({ kind: 'network', message: 'unused' }));
  await outbox.enqueue(
    { key: 'k-1', userId: 'u-ret-101', msisdn: '+254712345678', amount: 10_000, currency: 'KES' },
    { min_sale: 500, max_sale: 1_000_000 },
  );
  db.close();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('outbox on Background Sync', () => {
  it("sends the queued sales with the stored session's token and the sale's own key", async () => {
    await queueOne(session);
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      Response.json(
        {
          id: 's-1',
          msisdn: '+254712345678',
          amount: 10_000,
          currency: 'KES',
          status: 'succeeded',
          commission: 600,
          product: null,
          operator: 'safaricom',
          failure_code: null,
          created_at: new Date(NOW).toISOString(),
        },
        { status: 201 },
      ),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await flushInBackground(NOW)).toEqual({ sent: 1 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/sales');
    const headers = init.headers as Record<string, string>;
    expect(headers['idempotency-key']).toBe('k-1');
    expect(headers.authorization).toBe('Bearer token-101');
    expect(JSON.parse(String(init.body))).toEqual({ msisdn: '+254712345678', amount: 10_000 });
  });

  it('fails the sync while sales are still queued, so the browser tries again later', async () => {
    await queueOne(session);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(flushInBackground(NOW)).rejects.toThrow(/retry later/);
  });

  it('renews an expired token with the refresh token, then sends with the new one', async () => {
    await queueOne({ ...session, expiresAt: NOW - 1, refreshToken: 'refresh-1' });
    const fetch = vi.fn(async (url: string, _init: RequestInit) =>
      url === '/api/v1/auth/refresh'
        ? Response.json({
            token: 'token-102',
            refresh_token: 'refresh-2',
            expires_at: new Date(NOW + 900_000).toISOString(),
          })
        : Response.json({ error: { code: 'internal', message: 'down' } }, { status: 503 }),
    );
    vi.stubGlobal('fetch', fetch);
    await expect(flushInBackground(NOW)).rejects.toThrow(/retry later/);
    const [[refreshUrl, refresh], [saleUrl, sale]] = fetch.mock.calls as [string, RequestInit][];
    expect(refreshUrl).toBe('/api/v1/auth/refresh');
    expect(JSON.parse(String(refresh!.body))).toEqual({ refresh_token: 'refresh-1' });
    expect(saleUrl).toBe('/api/v1/sales');
    expect((sale!.headers as Record<string, string>).authorization).toBe('Bearer token-102');
    const db = await openAirloadDb();
    expect(await getKv(db, 'session')).toMatchObject({ refreshToken: 'refresh-2' });
    db.close();
  });

  it('sends nothing without a session, or with an expired one', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await queueOne(undefined);
    expect(await flushInBackground(NOW)).toEqual({ sent: 0 });
    globalThis.indexedDB = new IDBFactory();
    await queueOne({ ...session, expiresAt: NOW - 1 });
    expect(await flushInBackground(NOW)).toEqual({ sent: 0 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends a queued dispute too, after the sales, with its own key', async () => {
    const db = await openAirloadDb();
    await putKv(db, 'session', session);
    const disputes = new DisputeOutbox(db, async () => ({ kind: 'network', message: 'unused' }));
    await disputes.add({
      key: 'd-key-1',
      userId: 'u-ret-101',
      saleId: 's-9',
      msisdn: '+254712345678',
      reason: 'charged_twice',
    });
    db.close();
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      Response.json(aDispute({ id: 'd-9', sale_id: 's-9' }), { status: 201 }),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await flushInBackground(NOW)).toEqual({ sent: 1 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/sales/s-9/disputes');
    expect((init.headers as Record<string, string>)['idempotency-key']).toBe('d-key-1');
    const reopened = await openAirloadDb();
    expect((await getKv(reopened, 'disputes'))?.items.map((d) => d.id)).toEqual(['d-9']);
    reopened.close();
  });

  it('sends a queued stock request too, with its own key', async () => {
    const db = await openAirloadDb();
    await putKv(db, 'session', session);
    db.close();
    const stockDb = await openStockDb();
    const stock = new StockOutbox(stockDb, async () => ({ kind: 'network', message: 'unused' }));
    await stock.add({ key: 'st-key-1', userId: 'u-ret-101', amount: 250_000, currency: 'KES' });
    stockDb.close();
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      Response.json(
        { id: 'sr-1', retailer_id: 'u-ret-101', amount: 250_000, status: 'pending' },
        { status: 201 },
      ),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await flushInBackground(NOW)).toEqual({ sent: 1 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/stock-requests');
    expect((init.headers as Record<string, string>)['idempotency-key']).toBe('st-key-1');
    expect(JSON.parse(String(init.body))).toEqual({ amount: 250_000 });
  });
});
