import type { SaleStatus } from '../../shared/types';
import type { Reconciliation } from './types';

/** The report's sales by status in a fixed order, every status shown (zero too) and summed. */
export const STATUS_ORDER: readonly SaleStatus[] = [
  'succeeded',
  'pending',
  'unknown',
  'failed',
  'reversed',
];

export function statusRows(report: Pick<Reconciliation, 'by_status'>) {
  const rows = STATUS_ORDER.map((status) => ({
    status,
    count: report.by_status[status]?.count ?? 0,
    total: report.by_status[status]?.total ?? 0,
  }));
  const sum = rows.reduce((s, r) => ({ count: s.count + r.count, total: s.total + r.total }), {
    count: 0,
    total: 0,
  });
  return { rows, sum };
}

/** Whether the ledger check passed and what broke, whichever shape the route gives it. */
export function ledgerVerdict(check: Reconciliation['ledger_check']): {
  ok: boolean;
  violations: string[];
} {
  return typeof check === 'boolean' ? { ok: check, violations: [] } : check;
}

/** The carrier's total against the ledger's: what a manager reads first. */
export const carrierGap = (report: Pick<Reconciliation, 'carrier'>): number =>
  report.carrier.ledger_total - report.carrier.credited_total;
