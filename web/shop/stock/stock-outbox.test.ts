import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StockRequest } from '../../../core/api/stock';
import type { AnyDb } from '../../shared/outbox/outbox';
import type { SendAnswer } from '../../shared/outbox/retry';
import { openStockDb } from './stock-db';
import { canAsk, type QueuedStockRequest, StockOutbox, stockEntries } from './stock-outbox';

/** Issue 11: a stock request queued offline like a sale, one key however often it is sent. */

const USER = 'u-ret-101';
let names = 0;
let db: AnyDb;
let dbName: string;
let now = 1_760_000_000_000;

beforeEach(async () => {
  dbName = `stock-outbox-${++names}`;
  db = await openStockDb(dbName);
});
afterEach(() => db.close());

const requestFor = (item: QueuedStockRequest, status: StockRequest['status'] = 'pending') => ({
  id: `req-${item.key}`,
  retailer_id: USER,
  retailer_name: 'Shop',
  amount: item.amount,
  currency: 'KES',
  note: item.note ?? null,
  status,
  channel: 'app',
  created_at: new Date(now).toISOString(),
  decided_at: null,
  decided_by: null,
  reason: null,
  transfer_id: null,
});

function server(...script: Array<(item: QueuedStockRequest) => SendAnswer>) {
  const sent: { key: string; amount: number }[] = [];
  return {
    sent,
    send: async (item: QueuedStockRequest): Promise<SendAnswer> => {
      sent.push({ key: item.key, amount: item.amount });
      const next = script.shift();
      if (!next) throw new Error('not expected to be called');
      return next(item);
    },
  };
}
const offline = (): SendAnswer => ({ kind: 'network', message: 'Failed to fetch' });
const created = (item: QueuedStockRequest): SendAnswer => ({
  kind: 'response',
  status: 201,
  body: requestFor(item),
  replayed: false,
});
const pendingAlready = (): SendAnswer => ({
  kind: 'response',
  status: 409,
  body: { error: { code: 'stock_request_pending', message: 'one is waiting' } },
  replayed: false,
});

const add = (outbox: StockOutbox, key: string, amount = 500_000) =>
  outbox.add({ key, userId: USER, amount, currency: 'KES' });

describe('the stock outbox', () => {
  it('keeps a request queued offline, with its key, across a reopened database', async () => {
    const s = server(offline);
    const outbox = new StockOutbox(db, s.send, { now: () => now, random: () => 0 });
    await add(outbox, 'key-1');
    const report = await outbox.flush(USER);
    expect([report.accepted.length, report.remaining]).toEqual([0, 1]);
    db.close();
    db = await openStockDb(dbName);
    const s2 = server(created);
    const again = new StockOutbox(db, s2.send, { now: () => now });
    await again.flush(USER, { force: true });
    expect([...s.sent, ...s2.sent].map((x) => x.key)).toEqual(['key-1', 'key-1']);
    const [item] = await again.list(USER);
    expect(item).toMatchObject({ state: 'sent', request: { id: 'req-key-1', status: 'pending' } });
  });

  it('gives up on 409 stock_request_pending with the server’s word, not retrying it', async () => {
    const outbox = new StockOutbox(db, server(pendingAlready).send, { now: () => now });
    await add(outbox, 'key-2');
    const report = await outbox.flush(USER);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.lastError).toMatchObject({ code: 'stock_request_pending' });
  });
});

describe('what the stock screen shows', () => {
  const item = (key: string, state: QueuedStockRequest['state'], at: number) =>
    ({
      key,
      userId: USER,
      amount: 1_000,
      currency: 'KES',
      createdAt: at,
      state,
      attempts: 0,
      nextAttemptAt: at,
    }) as QueuedStockRequest;

  it('shows the server’s status for a sent request, and the device’s for one not sent yet', () => {
    now = 2_000;
    const sent = item('a', 'sent', 1_000);
    sent.request = requestFor(sent);
    const approved = { ...sent.request, status: 'approved' as const };
    const entries = stockEntries([approved], [sent, item('b', 'queued', 3_000)], new Set());
    expect(entries.map((e) => [e.key, e.status])).toEqual([
      ['b', 'queued'],
      ['req-a', 'approved'],
    ]);
    expect(canAsk(entries)).toBe(false);
    expect(canAsk(entries.slice(1))).toBe(true);
    expect(stockEntries([], [item('c', 'queued', 1)], new Set(['c']))[0]!.status).toBe('sending');
    expect(canAsk(stockEntries([{ ...approved, status: 'pending' }], [], new Set()))).toBe(false);
  });
});
