import type { StockRequest } from '../../../core/api/stock';
import type { OutboxMeta } from '../../shared/outbox/machine';
import { type AnyDb, Outbox, type OutboxOptions } from '../../shared/outbox/outbox';
import type { SendAnswer, SendError } from '../../shared/outbox/retry';
import { postWithKey } from '../../shared/outbox/send';

/**
 * The shop's stock requests to its distributor (DESIGN 12, issue 11), queued offline like
 * a sale: stored in IndexedDB with their own Idempotency-Key (a UUIDv7 made when the
 * shopkeeper confirms) before the first send, and sent when the connection returns, on
 * the shared outbox machinery. POST /api/v1/stock-requests.
 */

export interface QueuedStockRequest extends OutboxMeta {
  amount: number;
  currency: string;
  note?: string | undefined;
  /** The server's request, once it has it. */
  request?: StockRequest | undefined;
}

export type StockSend = (item: QueuedStockRequest) => Promise<SendAnswer>;

export const stockSender =
  (token: () => string | undefined): StockSend =>
  (item) =>
    postWithKey(
      '/stock-requests',
      item.key,
      item.note ? { amount: item.amount, note: item.note } : { amount: item.amount },
      token(),
    );

/** A 2xx body that is a stock request, or undefined (a portal's page: send again). */
export function parseStockRequest(body: unknown): StockRequest | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const r = body as Partial<StockRequest>;
  return typeof r.id === 'string' && typeof r.status === 'string' && typeof r.amount === 'number'
    ? (body as StockRequest)
    : undefined;
}

export class StockOutbox extends Outbox<QueuedStockRequest, StockRequest> {
  constructor(db: AnyDb, send: StockSend, options: OutboxOptions = {}) {
    super(
      db,
      { send, parse: parseStockRequest, accept: (item, request) => ({ ...item, request }) },
      { ...options, store: 'stockOutbox' },
    );
  }
}

/** What the shop shows for its latest request (issue 11 "sees the new status"). */
export type StockDisplay = 'queued' | 'sending' | 'failed' | StockRequest['status'];

export interface StockEntry {
  key: string;
  amount: number;
  status: StockDisplay;
  request?: StockRequest;
  /** Why the server refused it (a refused item only). */
  error?: SendError;
}

/**
 * The requests to show, newest first: the server's list, and the outbox's items the
 * server does not have yet (or refused); an item the server has is shown as the server
 * now says, not as it answered when sent.
 */
export function stockEntries(
  server: readonly StockRequest[],
  items: readonly QueuedStockRequest[],
  sending: ReadonlySet<string>,
): StockEntry[] {
  const known = new Set(server.map((r) => r.id));
  const local = items
    .filter((i) => !(i.request && known.has(i.request.id)))
    .map((i) => ({
      key: i.key,
      amount: i.amount,
      createdAt: i.createdAt,
      status: (i.state === 'sent' && i.request
        ? i.request.status
        : i.state === 'failed'
          ? 'failed'
          : sending.has(i.key)
            ? 'sending'
            : 'queued') as StockDisplay,
      ...(i.request ? { request: i.request } : {}),
      ...(i.lastError && i.state === 'failed' ? { error: i.lastError } : {}),
    }));
  const remote = server.map((r) => ({
    key: r.id,
    amount: r.amount,
    createdAt: Date.parse(r.created_at),
    status: r.status as StockDisplay,
    request: r,
  }));
  return [...local, ...remote]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(({ createdAt: _, ...entry }) => entry);
}

/** Whether a new request may be asked for: none waiting on the device or at the distributor. */
export const canAsk = (entries: readonly { status: StockDisplay }[]): boolean =>
  !entries.some((e) => e.status === 'queued' || e.status === 'sending' || e.status === 'pending');
