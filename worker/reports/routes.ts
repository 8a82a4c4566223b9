import { OpenAPIHono, z } from '@hono/zod-openapi';
import { ReconciliationReport as ReconciliationShape } from '../../core/api/reports';
import { addDays } from '../../core/day';
import { SALE_STATUSES } from '../../db/schema';
import type { AppEnv } from '../auth/middleware';
import { csvResponse, toCsv } from '../http/csv';
import { route, validationHook } from '../http/route';
import { Sale } from '../sales/schemas';
import { type Reconciliation, reconciliation } from './service';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // A real calendar day: 2026-02-30 is refused, not rolled over.
  .refine(
    (d) =>
      /^\d{4}-\d{2}-\d{2}$/.test(d) &&
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      addDays(d, 0) === d,
    'not a calendar day',
  )
  .openapi({
    description:
      'A day, YYYY-MM-DD: in the manager’s region’s zone (its own, else TIMEZONE); in TIMEZONE for an admin',
    example: '2026-12-01',
  });

const Query = z.object({ day: Day, format: z.enum(['json', 'csv']).default('json') });

// The answer's shape is core/api's (one source with the console); here it gets its name.
export const ReconciliationReport = ReconciliationShape.extend({ stuck: z.array(Sale) }).openapi(
  'ReconciliationReport',
);

interface Row {
  section: string;
  key: string;
  count?: number;
  amount?: number;
  detail?: string;
}

/** The report as one CSV table: a row per status, total, stuck sale and mismatch. */
function reportRows(r: Reconciliation): Row[] {
  return [
    ...SALE_STATUSES.map((s) => ({
      section: 'by_status',
      key: s,
      count: r.by_status[s].count,
      amount: r.by_status[s].total,
    })),
    { section: 'commission_total', key: r.day, amount: r.commission_total },
    ...r.stuck.map((s) => ({
      section: 'stuck',
      key: s.id,
      amount: s.amount,
      detail: `${s.status} since ${s.created_at}`,
    })),
    { section: 'carrier_credited_total', key: r.day, amount: r.carrier.credited_total },
    { section: 'ledger_total', key: r.day, amount: r.carrier.ledger_total },
    ...r.carrier.mismatches.map((m) => ({
      section: 'mismatch',
      key: m.sale_id,
      detail: `ledger ${m.ledger_status}, carrier ${m.carrier_status}`,
    })),
    ...Object.entries(r.disputes.by_reason).map(([key, count]) => ({
      section: 'disputes_opened_by_reason',
      key,
      count,
    })),
    ...Object.entries(r.disputes.by_outcome).map(([key, count]) => ({
      section: 'disputes_opened_by_outcome',
      key,
      count,
    })),
    ...Object.entries(r.disputes.resolved).map(([key, count]) => ({
      section: 'disputes_resolved',
      key,
      count,
    })),
    {
      section: 'dispute_losses_refunded',
      key: r.day,
      count: r.disputes.refunded_from_dispute_losses.count,
      amount: r.disputes.refunded_from_dispute_losses.total,
    },
    {
      section: 'ledger_check',
      key: r.ledger_check.ok ? 'ok' : 'failed',
      count: r.ledger_check.violation_count,
    },
  ];
}

const FIELDS = (['section', 'key', 'count', 'amount', 'detail'] as const).map((label) => ({
  label,
  value: (row: Row) => row[label],
}));

export const reportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route({
    method: 'get',
    path: '/reconciliation',
    tags: ['reports'],
    summary:
      'A day’s reconciliation: sales by status, stuck sales, the carrier’s record, the ledger check',
    description:
      'The day is the manager’s region’s day (its zone, else TIMEZONE); for an admin, over every region, a day in TIMEZONE (sales made in [its start, its end) there, whatever their outlet’s own day). The answer’s `timezone` says which.',
    access: { roles: ['manager', 'admin'], scope: 'none' },
    errors: ['invalid_query', 'carrier_unavailable'],
    request: { query: Query },
    responses: {
      200: {
        content: {
          'application/json': { schema: ReconciliationReport },
          'text/csv': { schema: z.string() },
        },
        description: 'The report (format=csv: one table, RFC 4180)',
      },
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const report = await reconciliation(c.get('deps'), c.get('user'), q.day);
    if (q.format === 'csv')
      return csvResponse(toCsv(reportRows(report), FIELDS), `reconciliation-${q.day}.csv`);
    return c.json(report, 200);
  },
);
