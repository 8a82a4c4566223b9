import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { addDays, dayStart } from '../../core/day';
import { SALE_STATUSES, type SaleStatus, sales, users } from '../../db/schema';
import type { AuthUser } from '../auth/middleware';
import { scopeFilter } from '../auth/scope';
import { CarrierTimeoutError } from '../carrier/gateway';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { checkLedger } from '../ledger/check';
import { outletZone } from '../regions/zones';
import { saleView } from '../sales/view';
import { disputeDay } from './disputes';
import { agrees, type CarrierSide, type LedgerSide } from './match';

/** DESIGN 10 `stuck_sales`: pending or unknown for over an hour. */
const STUCK_AFTER_MS = 3_600_000;
/** The carrier's clock is not ours: its record is read this far past either end of the day. */
const CLOCK_MARGIN_MS = 3_600_000;
const CARRIER_REPORT_TIMEOUT_MS = 20_000;

/**
 * GET /api/v1/reports/reconciliation (DESIGN 10): a day's sales by status, commission,
 * stuck sales, the ledger check, and the carrier's own record matched sale by sale. A
 * manager sees its region's sales, the day in its region's zone (issue 11); an admin all
 * of them, the day in TIMEZONE (one window for every region and for the carrier's
 * top-ups the ledger has no sale for, which belong to no outlet), and also those top-ups.
 */
export async function reconciliation(
  deps: Deps,
  actor: Pick<AuthUser, 'id' | 'role'>,
  day: string,
) {
  const tz = actor.role === 'manager' ? await outletZone(deps, actor.id) : deps.config.TIMEZONE;
  const from = dayStart(day, tz);
  const to = dayStart(addDays(day, 1), tz);
  const scope = await scopeFilter(deps, actor);
  const rows = await deps.db
    .select({ sale: sales })
    .from(sales)
    .innerJoin(users, eq(users.id, sales.retailerId))
    .where(and(gte(sales.createdAt, from), lt(sales.createdAt, to), scope))
    .orderBy(asc(sales.createdAt));
  const daySales = rows.map((r) => r.sale);

  const by_status = Object.fromEntries(
    SALE_STATUSES.map((s) => [s, { count: 0, total: 0 }]),
  ) as Record<SaleStatus, { count: number; total: number }>;
  let commission_total = 0;
  for (const s of daySales) {
    by_status[s.status].count++;
    by_status[s.status].total += s.amount;
    // A dispute's refund from dispute_losses took the commission back (issue 12).
    if (s.status === 'succeeded' && s.refundedAt === null) commission_total += s.commission;
  }
  const now = deps.clock.now();
  const stuck = daySales
    .filter(
      (s) =>
        (s.status === 'pending' || s.status === 'unknown') && s.createdAt < now - STUCK_AFTER_MS,
    )
    .map(saleView);

  let items: Awaited<ReturnType<Deps['carrier']['report']>>;
  try {
    items = await deps.carrier.report(
      from - CLOCK_MARGIN_MS,
      to + CLOCK_MARGIN_MS,
      CARRIER_REPORT_TIMEOUT_MS,
    );
  } catch (error) {
    if (error instanceof CarrierTimeoutError)
      throw appError('carrier_unavailable', 'The carrier’s record did not come in time');
    throw error;
  }
  const carrierById = new Map(items.map((i) => [i.saleId, i]));
  const mismatches: { sale_id: string; ledger_status: LedgerSide; carrier_status: CarrierSide }[] =
    [];
  let credited_total = 0;
  for (const s of daySales) {
    const c = carrierById.get(s.id);
    if (c?.status === 'succeeded') credited_total += c.amount;
    const carrierStatus: CarrierSide = c?.status ?? 'not_found';
    if (!agrees(s.status, carrierStatus))
      mismatches.push({ sale_id: s.id, ledger_status: s.status, carrier_status: carrierStatus });
  }
  if (actor.role === 'admin') {
    // Top-ups of this day the ledger has no sale for at all (a manager cannot tell whose they are).
    const strays = items.filter(
      (i) => i.at >= from && i.at < to && !daySales.some((s) => s.id === i.saleId),
    );
    const known = strays.length
      ? new Set(
          (
            await deps.db
              .select({ id: sales.id })
              .from(sales)
              .where(
                inArray(
                  sales.id,
                  strays.map((i) => i.saleId),
                ),
              )
          ).map((r) => r.id),
        )
      : new Set<string>();
    for (const i of strays) {
      if (known.has(i.saleId) || agrees('missing', i.status)) continue;
      if (i.status === 'succeeded') credited_total += i.amount;
      mismatches.push({ sale_id: i.saleId, ledger_status: 'missing', carrier_status: i.status });
    }
  }

  const disputes = await disputeDay(deps, scope, from, to);
  const violations = await checkLedger(deps.client);
  return {
    day,
    timezone: tz,
    by_status,
    commission_total,
    stuck,
    carrier: { credited_total, ledger_total: by_status.succeeded.total, mismatches },
    disputes,
    // The checker's words name accounts and sales of every region: only an admin reads them.
    ledger_check: {
      ok: violations.length === 0,
      violation_count: violations.length,
      ...(actor.role === 'admin' ? { violations } : {}),
    },
  };
}

export type Reconciliation = Awaited<ReturnType<typeof reconciliation>>;
