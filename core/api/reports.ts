import { z } from 'zod';
import { DISPUTE_REASONS, DISPUTE_STATUSES, SALE_STATUSES } from './enums';
import { Sale } from './sales';

const Totals = z.object({ count: z.number().int(), total: z.number().int() });

const counts = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>,
  );

/** The day's disputes (issue 12): opened, by reason and by their status now; resolved; refunded. */
export const DisputeDay = z.object({
  opened: z.number().int(),
  by_reason: counts(DISPUTE_REASONS).describe('Opened that day, by reason'),
  by_outcome: counts(DISPUTE_STATUSES).describe('Opened that day, by their status now'),
  resolved: counts(['refunded', 'rejected', 'withdrawn'] as const).describe(
    'Resolved that day (whenever opened), by outcome',
  ),
  refunded_from_dispute_losses: Totals.describe(
    'Refunds paid from the dispute_losses account that day (minor units)',
  ),
});
export type DisputeDay = z.infer<typeof DisputeDay>;

/** GET /reports/reconciliation (DESIGN 10), for a day in TIMEZONE. */
export const ReconciliationReport = z.object({
  day: z.string(),
  timezone: z.string(),
  by_status: z.object(
    Object.fromEntries(SALE_STATUSES.map((s) => [s, Totals])) as Record<
      (typeof SALE_STATUSES)[number],
      typeof Totals
    >,
  ),
  commission_total: z.number().int(),
  stuck: z.array(Sale),
  carrier: z.object({
    credited_total: z.number().int(),
    ledger_total: z.number().int(),
    mismatches: z.array(
      z.object({
        sale_id: z.string(),
        ledger_status: z.enum([...SALE_STATUSES, 'missing']),
        carrier_status: z.enum(['succeeded', 'processing', 'reversed', 'failed', 'not_found']),
      }),
    ),
  }),
  disputes: DisputeDay,
  ledger_check: z.object({
    ok: z.boolean(),
    violation_count: z.number().int(),
    violations: z.array(z.string()).optional().describe('Admins only'),
  }),
});
export type ReconciliationReport = z.infer<typeof ReconciliationReport>;
