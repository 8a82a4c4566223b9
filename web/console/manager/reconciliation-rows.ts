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

/**
 * Whether the ledger check passed and what broke: the count for everyone, the messages
 * only where the server gives them (admins: they name accounts of every region).
 */
export function ledgerVerdict(check: Reconciliation['ledger_check']): {
  ok: boolean;
  count: number;
  violations: string[];
} {
  return { ok: check.ok, count: check.violation_count, violations: check.violations ?? [] };
}

/** The carrier's total against the ledger's: what a manager reads first. */
export const carrierGap = (report: Pick<Reconciliation, 'carrier'>): number =>
  report.carrier.ledger_total - report.carrier.credited_total;
