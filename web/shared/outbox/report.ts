import type { FlushReport } from './outbox';

/**
 * What a page does after flushing several outboxes at once (the shop's sales and its
 * disputes): log in again if any was refused the token, retry if any has to, and come
 * back when the first of all the waiting items is due.
 */
export interface CombinedReport {
  auth: boolean;
  retry: boolean;
  remaining: number;
  nextDueAt: number | undefined;
}

export function combineReports(reports: readonly FlushReport<unknown>[]): CombinedReport {
  const due = reports.flatMap((r) => (r.nextDueAt === undefined ? [] : [r.nextDueAt]));
  return {
    auth: reports.some((r) => r.auth),
    retry: reports.some((r) => r.retry),
    remaining: reports.reduce((sum, r) => sum + r.remaining, 0),
    nextDueAt: due.length > 0 ? Math.min(...due) : undefined,
  };
}
