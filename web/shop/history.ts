import { dayIn, monthIn } from '../../core/day';
import type { DisplayStatus } from '../shared/labels';
import type { SendError } from '../shared/outbox/retry';
import type { DisputeStatus, Sale } from '../shared/types';
import { displayStatus, type OutboxItem } from './outbox/sales';

/**
 * One line of history, from the server's sales and the outbox together (issue 4
 * "History"): a queued sale has only its key until the server has it.
 */
export interface Entry {
  /** Where #/sale/<ref> finds it: the sale id once known, else the outbox key. */
  ref: string;
  key?: string | undefined;
  saleId?: string | undefined;
  msisdn: string;
  amount: number;
  currency: string;
  operator: string;
  commission: number;
  status: DisplayStatus;
  createdAt: number;
  error?: SendError | undefined;
  /** When a dispute refunded the sale (DESIGN 11); the receipt says so. */
  refunded?: number | undefined;
  /** The sale's latest dispute, as the sale itself last said. */
  dispute?: { id: string; status: DisputeStatus } | undefined;
}

const fromSale = (sale: Sale, key?: string): Entry => ({
  ref: sale.id,
  key,
  saleId: sale.id,
  msisdn: sale.msisdn,
  amount: sale.amount,
  currency: sale.currency,
  operator: sale.operator,
  commission: sale.commission,
  status: sale.status,
  createdAt: Date.parse(sale.created_at),
  refunded: sale.refunded_at ? Date.parse(sale.refunded_at) : undefined,
  dispute: sale.dispute ?? undefined,
});

/** Newest first; a sent item shows as its sale, the freshest copy of it. */
export function mergeHistory(
  sales: readonly Sale[],
  items: readonly OutboxItem[],
  sending: ReadonlySet<string>,
): Entry[] {
  const byId = new Map(sales.map((sale) => [sale.id, sale]));
  const keyOf = new Map<string, string>();
  const entries: Entry[] = [];
  for (const item of items) {
    if (item.state === 'sent' && item.sale) {
      keyOf.set(item.sale.id, item.key);
      if (!byId.has(item.sale.id)) byId.set(item.sale.id, item.sale);
      continue;
    }
    entries.push({
      ref: item.key,
      key: item.key,
      msisdn: item.msisdn,
      amount: item.amount,
      currency: item.currency,
      operator: item.operator ?? '',
      commission: 0,
      status: displayStatus(item, sending.has(item.key)),
      createdAt: item.createdAt,
      error: item.lastError,
    });
  }
  for (const sale of byId.values()) entries.push(fromSale(sale, keyOf.get(sale.id)));
  return entries.sort((a, b) => b.createdAt - a.createdAt || b.ref.localeCompare(a.ref));
}

/** The entry a receipt or detail route names, by sale id or outbox key. */
export const findEntry = (entries: readonly Entry[], ref: string): Entry | undefined =>
  entries.find((e) => e.ref === ref || e.key === ref || e.saleId === ref);

/** Statuses where the customer has or will get the airtime: they count as sold. */
const SOLD: ReadonlySet<DisplayStatus> = new Set([
  'queued',
  'sending',
  'pending',
  'unknown',
  'succeeded',
]);

export interface Totals {
  count: number;
  amount: number;
  commission: number;
}

export function totals(entries: readonly Entry[], within: (entry: Entry) => boolean): Totals {
  const result = { count: 0, amount: 0, commission: 0 };
  for (const entry of entries) {
    if (!within(entry)) continue;
    if (SOLD.has(entry.status)) {
      result.count += 1;
      result.amount += entry.amount;
    }
    if (entry.status === 'succeeded') result.commission += entry.commission;
  }
  return result;
}

/**
 * The shop's days are the deployment's (DESIGN 8): "today", a day's history and a month
 * are counted in TIMEZONE (from the profile), never in the phone's own zone, so the
 * phone and the server's daily limit agree on when a day ends.
 */
export function daysIn(timeZone: string) {
  const dayOf = (ms: number): string => dayIn(ms, timeZone);
  const monthOf = (ms: number): string => monthIn(ms, timeZone);
  const inMonth = (month: string) => (entry: Entry) => monthOf(entry.createdAt) === month;
  return {
    dayOf,
    monthOf,
    onDay: (day: string) => (entry: Entry) => dayOf(entry.createdAt) === day,
    inMonth,
    /** Commission by day for one month, newest day first (issue 4 "Commission"). */
    commissionByDay(entries: readonly Entry[], month: string): Array<Totals & { day: string }> {
      const days = new Map<string, Entry[]>();
      for (const entry of entries) {
        if (!inMonth(month)(entry)) continue;
        const day = dayOf(entry.createdAt);
        days.set(day, [...(days.get(day) ?? []), entry]);
      }
      return [...days.entries()]
        .sort(([a], [b]) => b.localeCompare(a))
        .map(([day, list]) => ({ day, ...totals(list, () => true) }));
    },
  };
}

/** Sales whose outcome the server has not settled yet: worth asking about again. */
export const openSales = (sales: readonly Sale[]): Sale[] =>
  sales.filter((s) => s.status === 'pending' || s.status === 'unknown');

/**
 * When to read the sales list again while some are open: soon for a fresh sale (the
 * carrier usually answers in seconds), slower once reconciliation has to settle it.
 */
export function pollDelay(open: readonly Sale[], now: number): number | undefined {
  if (open.length === 0) return undefined;
  const youngest = Math.max(...open.map((s) => Date.parse(s.created_at)));
  const age = now - youngest;
  if (age < 60_000) return 3_000;
  if (age < 60 * 60_000) return 15_000;
  return undefined;
}
