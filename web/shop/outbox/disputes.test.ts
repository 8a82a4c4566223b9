import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queued } from '../../shared/outbox/machine';
import type { SendAnswer } from '../../shared/outbox/retry';
import { getKv, openAirloadDb } from '../db';
import { aDispute } from '../dispute-fixture';
import { DisputeOutbox, disputeSender, type NewDispute, type QueuedDispute } from './disputes';

const USER = 'u-ret-101';
const NOW = 1_750_000_000_000;

const newDispute = (key: string, over: Partial<NewDispute> = {}): NewDispute => ({
  key,
  userId: USER,
  saleId: '0190-sale',
  msisdn: '+254712345678',
  reason: 'not_received',
  ...over,
});

/** A server answering each send with the next scripted answer, recording what it was sent. */
function fakeServer(...script: Array<(item: QueuedDispute) => SendAnswer>) {
  const sent: QueuedDispute[] = [];
  const send = async (item: QueuedDispute): Promise<SendAnswer> => {
    sent.push(item);
    const next = script.shift();
    if (!next) throw new Error('the server was not expected to be called');
    return next(item);
  };
  return { sent, send };
}
const created = (item: QueuedDispute): SendAnswer => ({
  kind: 'response',
  status: 201,
  body: aDispute({ id: `d-of-${item.key}`, sale_id: item.saleId, reason: item.reason }),
  replayed: false,
});
const offline = (): SendAnswer => ({ kind: 'network', message: 'Failed to fetch' });
const alreadyOpen = (): SendAnswer => ({
  kind: 'response',
  status: 409,
  body: { error: { code: 'dispute_open', message: 'This sale already has an open dispute' } },
  replayed: false,
});

async function outboxWith(server: ReturnType<typeof fakeServer>) {
  const db = await openAirloadDb();
  return { db, outbox: new DisputeOutbox(db, server.send, { now: () => NOW, random: () => 0 }) };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('disputes outbox', () => {
  it('stores a dispute with its key before any send, and keeps it queued offline', async () => {
    const server = fakeServer(offline);
    const { outbox } = await outboxWith(server);
    await outbox.add(newDispute('k-1', { note: 'Customer shows no SMS' }));
    expect((await outbox.get('k-1'))?.state).toBe('queued');

    const report = await outbox.flush(USER);
    expect(report).toMatchObject({ retry: true, remaining: 1 });
    expect((await outbox.get('k-1'))?.state).toBe('queued');
    expect(server.sent.map((d) => d.key)).toEqual(['k-1']);
  });

  it('sends again with the same key once online, and keeps the server’s dispute in the known list', async () => {
    const server = fakeServer(offline, created);
    const { db, outbox } = await outboxWith(server);
    await outbox.add(newDispute('k-1'));
    await outbox.flush(USER);
    await outbox.flush(USER, { force: true });

    expect(server.sent.map((d) => d.key)).toEqual(['k-1', 'k-1']);
    const item = await outbox.get('k-1');
    expect(item).toMatchObject({ state: 'sent', dispute: { id: 'd-of-k-1', status: 'open' } });
    const known = await getKv(db, 'disputes');
    expect(known?.userId).toBe(USER);
    expect(known?.items.map((d) => d.id)).toEqual(['d-of-k-1']);
  });

  it('gives up on 409 dispute_open with the server’s message, without sending again', async () => {
    const server = fakeServer(alreadyOpen);
    const { outbox } = await outboxWith(server);
    await outbox.add(newDispute('k-1'));
    const report = await outbox.flush(USER, { force: true });
    expect(report).toMatchObject({ retry: false, remaining: 0 });
    expect(await outbox.get('k-1')).toMatchObject({
      state: 'failed',
      lastError: { code: 'dispute_open', status: 409 },
    });
    await outbox.flush(USER, { force: true });
    expect(server.sent).toHaveLength(1);
  });

  it('posts the reason and the note to the sale’s disputes with the item’s own key', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, init: init ?? {} });
      return Response.json(aDispute(), { status: 201 });
    });
    const send = disputeSender(async () => 'token-101');
    const item = queued<QueuedDispute>(newDispute('k-7', { note: 'twice on the SMS' }), NOW);
    const answer = await send(item);
    expect(answer).toMatchObject({ kind: 'response', status: 201 });
    expect(calls[0]?.url).toBe('/api/v1/sales/0190-sale/disputes');
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['idempotency-key']).toBe('k-7');
    expect(headers.authorization).toBe('Bearer token-101');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      reason: 'not_received',
      note: 'twice on the SMS',
    });
  });
});
