import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendAnswer } from '../../shared/outbox/retry';
import type { Sale } from '../../shared/types';
import { type AirloadDb, getKv, openAirloadDb, putKv } from '../../shop/db';
import { type NewSale, type OutboxItem, SaleOutbox } from './sales';

const limits = { min_sale: 500, max_sale: 1_000_000 };
const USER = 'u-ret-101';
let names = 0;
let dbName: string;
let db: AirloadDb;
let now: number;

/** A server that answers each send with the next scripted answer and records every key. */
function fakeServer(...script: Array<(item: OutboxItem) => SendAnswer>) {
  const keys: string[] = [];
  const send = async (item: OutboxItem): Promise<SendAnswer> => {
    keys.push(item.key);
    const next = script.shift();
    if (!next) throw new Error('the server was not expected to be called');
    return next(item);
  };
  return { keys, send };
}

const saleFor = (item: OutboxItem, status: Sale['status'] = 'succeeded'): Sale => ({
  id: `sale-of-${item.key}`,
  msisdn: item.msisdn,
  amount: item.amount,
  currency: 'KES',
  status,
  commission: status === 'succeeded' ? Math.floor(item.amount * 0.06) : 0,
  product: 'safaricom-airtime',
  operator: 'safaricom',
  failure_code: null,
  created_at: new Date(now).toISOString(),
});
const created =
  (status: Sale['status'] = 'succeeded', replayed = false) =>
  (item: OutboxItem): SendAnswer => ({
    kind: 'response',
    status: 201,
    body: saleFor(item, status),
    replayed,
  });
const offline = (): SendAnswer => ({ kind: 'network', message: 'Failed to fetch' });
const status =
  (code: number, errorCode: string, message = `${errorCode}!`) =>
  (): SendAnswer => ({
    kind: 'response',
    status: code,
    body: { error: { code: errorCode, message } },
    replayed: false,
  });

const sale = (key: string, amount = 10_000): NewSale => ({
  key,
  userId: USER,
  msisdn: '+254712345678',
  amount,
  currency: 'KES',
});

const outboxWith = (send: (item: OutboxItem) => Promise<SendAnswer>) =>
  new SaleOutbox(db, send, { now: () => now, random: () => 0.5 });

beforeEach(async () => {
  names += 1;
  dbName = `outbox-test-${names}`;
  db = await openAirloadDb(dbName);
  now = 1_750_000_000_000;
  await putKv(db, 'wallet', {
    userId: USER,
    at: now,
    wallet: { available: 100_000, held: 0, commission: 0, currency: 'KES' },
  });
});
afterEach(() => db.close());

describe('outbox', () => {
  it('stores a sale with its key before the first send', async () => {
    const seen: Array<OutboxItem | undefined> = [];
    const outbox = outboxWith(async (item) => {
      seen.push(await db.get('outbox', item.key));
      return created()(item);
    });
    const queued = await outbox.enqueue(sale('k-1'), limits);
    expect(queued).toMatchObject({ ok: true, item: { key: 'k-1', state: 'queued' } });
    await outbox.flush(USER);
    expect(seen[0]).toMatchObject({ key: 'k-1', state: 'queued' });
  });

  it('sends with the same key after a network error until the server has it', async () => {
    const server = fakeServer(offline, offline, created('succeeded', true));
    const outbox = outboxWith(server.send);
    await outbox.enqueue(sale('k-1'), limits);
    expect((await outbox.flush(USER)).retry).toBe(true);
    // Not due yet: the backoff holds it back unless forced (the `online` event forces).
    expect((await outbox.flush(USER)).remaining).toBe(1);
    expect(server.keys).toEqual(['k-1']);
    await outbox.flush(USER, { force: true });
    now += 60_000;
    const report = await outbox.flush(USER);
    expect(server.keys).toEqual(['k-1', 'k-1', 'k-1']);
    expect(report.accepted.map((i) => i.key)).toEqual(['k-1']);
    expect(await outbox.get('k-1')).toMatchObject({ state: 'sent', sale: { id: 'sale-of-k-1' } });
  });

  it('keeps a queued sale across a reload and sends it from the new page', async () => {
    await outboxWith(fakeServer().send).enqueue(sale('k-1'), limits);
    db.close();
    db = await openAirloadDb(dbName);
    const server = fakeServer(created());
    const report = await outboxWith(server.send).flush(USER);
    expect(server.keys).toEqual(['k-1']);
    expect(report).toMatchObject({ remaining: 0, accepted: [{ key: 'k-1', state: 'sent' }] });
  });

  it('keeps a sale queued on a 5xx and on 409, with its attempts counted', async () => {
    const server = fakeServer(status(503, 'internal'), status(409, 'idempotency_in_progress'));
    const outbox = outboxWith(server.send);
    await outbox.enqueue(sale('k-1'), limits);
    await outbox.flush(USER);
    await outbox.flush(USER, { force: true });
    expect(await outbox.get('k-1')).toMatchObject({
      state: 'queued',
      attempts: 2,
      lastError: { code: 'idempotency_in_progress', status: 409 },
    });
  });

  it("makes a sale final on a 4xx, keeps the server's message and never sends it again", async () => {
    const server = fakeServer(status(402, 'insufficient_funds', 'The wallet cannot pay'));
    const outbox = outboxWith(server.send);
    await outbox.enqueue(sale('k-1'), limits);
    const report = await outbox.flush(USER);
    expect(report.failed).toHaveLength(1);
    expect(await outbox.get('k-1')).toMatchObject({
      state: 'failed',
      lastError: { code: 'insufficient_funds', message: 'The wallet cannot pay', status: 402 },
    });
    await outbox.flush(USER, { force: true });
    expect(server.keys).toEqual(['k-1']);
    expect(await outbox.dismiss('k-1')).toBe(true);
    expect(await outbox.get('k-1')).toBeUndefined();
  });

  it('does not dismiss a queued sale: the server may already have it', async () => {
    const outbox = outboxWith(fakeServer().send);
    await outbox.enqueue(sale('k-1'), limits);
    expect(await outbox.dismiss('k-1')).toBe(false);
    expect(await outbox.get('k-1')).toMatchObject({ state: 'queued' });
  });

  it('stops at a 401 and keeps every sale queued for after the login', async () => {
    const server = fakeServer(status(401, 'invalid_token'));
    const outbox = outboxWith(server.send);
    await outbox.enqueue(sale('k-1'), limits);
    await outbox.enqueue(sale('k-2', 20_000), limits);
    const report = await outbox.flush(USER);
    expect(report).toMatchObject({ auth: true, remaining: 2 });
    expect(server.keys).toEqual(['k-1']);
    expect(await outbox.get('k-1')).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('sends oldest first and waits with the rest when one has to be retried', async () => {
    const server = fakeServer(created(), offline);
    const outbox = outboxWith(server.send);
    await outbox.enqueue(sale('k-1'), limits);
    now += 1;
    await outbox.enqueue(sale('k-2'), limits);
    now += 1;
    await outbox.enqueue(sale('k-3'), limits);
    const report = await outbox.flush(USER);
    expect(server.keys).toEqual(['k-1', 'k-2']);
    expect(report).toMatchObject({ remaining: 2, retry: true });
  });

  it('never queues past the known balance less what is already queued', async () => {
    const outbox = outboxWith(fakeServer().send);
    expect((await outbox.enqueue(sale('k-1', 60_000), limits)).ok).toBe(true);
    expect(await outbox.enqueue(sale('k-2', 40_001), limits)).toEqual({
      ok: false,
      reason: 'over_balance',
      room: 40_000,
    });
    expect(await outbox.enqueue(sale('k-3', 499), limits)).toMatchObject({ reason: 'below_min' });
    expect((await outbox.list(USER)).map((i) => i.key)).toEqual(['k-1']);
  });

  it('lets only one of two tabs take the last of the balance', async () => {
    const tabA = outboxWith(fakeServer().send);
    const tabB = outboxWith(fakeServer().send);
    const results = await Promise.all([
      tabA.enqueue(sale('a', 70_000), limits),
      tabB.enqueue(sale('b', 70_000), limits),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await outboxWith(fakeServer().send).list(USER)).toHaveLength(1);
  });

  it('queues nothing before the balance is known, or with another user’s balance', async () => {
    const outbox = outboxWith(fakeServer().send);
    expect(await outbox.enqueue({ ...sale('k-1'), userId: 'u-ret-102' }, limits)).toMatchObject({
      ok: false,
      reason: 'over_balance',
      room: 0,
    });
  });

  it('takes an accepted sale off the known balance and into the sales store', async () => {
    const outbox = outboxWith(fakeServer(created('pending')).send);
    await outbox.enqueue(sale('k-1', 30_000), limits);
    await outbox.flush(USER);
    expect((await getKv(db, 'wallet'))?.wallet).toMatchObject({ available: 70_000, held: 30_000 });
    expect(await db.get('sales', 'sale-of-k-1')).toMatchObject({ status: 'pending' });
    // The queued total no longer counts it: the balance does.
    expect((await outbox.enqueue(sale('k-2', 70_000), limits)).ok).toBe(true);
    await outbox.updateSale({ ...saleFor((await outbox.get('k-1'))!), status: 'succeeded' });
    expect((await outbox.get('k-1'))?.sale?.status).toBe('succeeded');
    expect((await db.get('sales', 'sale-of-k-1'))?.status).toBe('succeeded');
  });

  it('sends each sale once when two flushes run at the same time', async () => {
    let answers = 0;
    const keys: string[] = [];
    const outbox = outboxWith(async (item) => {
      keys.push(item.key);
      answers += 1;
      return created()(item);
    });
    await outbox.enqueue(sale('k-1'), limits);
    await outbox.enqueue(sale('k-2'), limits);
    await Promise.all([outbox.flush(USER), outbox.flush(USER, { force: true })]);
    expect(keys.sort()).toEqual(['k-1', 'k-2']);
    expect(answers).toBe(2);
  });

  it("sends only the logged-in user's sales", async () => {
    await putKv(db, 'wallet', {
      userId: 'u-ret-102',
      at: now,
      wallet: { available: 100_000, held: 0, commission: 0, currency: 'KES' },
    });
    const server = fakeServer(created());
    const outbox = outboxWith(server.send);
    await outbox.enqueue({ ...sale('theirs'), userId: 'u-ret-102' }, limits);
    await outbox.flush(USER, { force: true });
    expect(server.keys).toEqual([]);
  });

  it('treats a thrown send as a network error', async () => {
    const outbox = outboxWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    await outbox.enqueue(sale('k-1'), limits);
    const report = await outbox.flush(USER);
    expect(report.retry).toBe(true);
    expect(await outbox.get('k-1')).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: { code: 'network', message: 'Failed to fetch' },
    });
  });

  it('forgets sent items after a while but never queued or failed ones', async () => {
    const outbox = outboxWith(fakeServer(created(), status(402, 'insufficient_funds')).send);
    await outbox.enqueue(sale('sent'), limits);
    now += 1;
    await outbox.enqueue(sale('failed'), limits);
    await outbox.flush(USER);
    await outbox.enqueue(sale('queued'), limits);
    now += 8 * 24 * 3600_000;
    await outbox.prune(7 * 24 * 3600_000);
    expect((await outbox.list(USER)).map((i) => i.key).sort()).toEqual(['failed', 'queued']);
  });
});
