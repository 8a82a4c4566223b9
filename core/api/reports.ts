import { z } from 'zod';
import { SALE_STATUSES } from './enums';
import { Sale } from './sales';

const Totals = z.object({ count: z.number().int(), total: z.number().int() });

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
  ledger_check: z.object({
    ok: z.boolean(),
    violation_count: z.number().int(),
    violations: z.array(z.string()).optional().describe('Admins only'),
  }),
});
export type ReconciliationReport = z.infer<typeof ReconciliationReport>;
