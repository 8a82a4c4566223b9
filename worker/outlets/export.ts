import type { AuthUser } from '../auth/middleware';
import type { Deps } from '../deps';
import { type CsvField, toCsv } from '../http/csv';
import type { SaleView } from '../sales/view';
import { outletSales, type SalesFilter } from './service';
import type { OutletView } from './view';

/** The columns of GET /outlets/export.csv: the list's fields, money in minor units. */
const OUTLET_FIELDS: CsvField<OutletView>[] = [
  { label: 'id', value: (o) => o.id },
  { label: 'name', value: (o) => o.name },
  { label: 'phone', value: (o) => o.phone },
  { label: 'role', value: (o) => o.role },
  { label: 'region', value: (o) => o.region },
  { label: 'distributor_id', value: (o) => o.distributor_id },
  { label: 'currency', value: (o) => o.currency },
  { label: 'available', value: (o) => o.wallet.available },
  { label: 'held', value: (o) => o.wallet.held },
  { label: 'commission', value: (o) => o.commission },
  { label: 'today_count', value: (o) => o.today.count },
  { label: 'today_total', value: (o) => o.today.total },
  { label: 'month_count', value: (o) => o.month.count },
  { label: 'month_total', value: (o) => o.month.total },
  { label: 'month_commission', value: (o) => o.month.commission },
  { label: 'frozen', value: (o) => o.frozen },
  { label: 'locked_until', value: (o) => o.locked_until },
  { label: 'daily_limit', value: (o) => o.limits.daily_limit },
  { label: 'last_sale_at', value: (o) => o.last_sale_at },
  { label: 'last_seen_at', value: (o) => o.last_seen_at },
  { label: 'last_visit_at', value: (o) => o.last_visit_at },
  { label: 'lat', value: (o) => o.location?.lat },
  { label: 'lng', value: (o) => o.location?.lng },
  { label: 'flags', value: (o) => o.flags.map((f) => f.code).join(' ') },
  { label: 'flag_reasons', value: (o) => o.flags.map((f) => f.reason).join('; ') },
];

export const outletsCsv = (rows: readonly OutletView[]) => toCsv(rows, OUTLET_FIELDS);

const SALE_FIELDS: CsvField<SaleView>[] = [
  { label: 'id', value: (s) => s.id },
  { label: 'created_at', value: (s) => s.created_at },
  { label: 'msisdn', value: (s) => s.msisdn },
  { label: 'amount', value: (s) => s.amount },
  { label: 'currency', value: (s) => s.currency },
  { label: 'status', value: (s) => s.status },
  { label: 'commission', value: (s) => s.commission },
  { label: 'operator', value: (s) => s.operator },
  { label: 'channel', value: (s) => s.channel },
  { label: 'failure_code', value: (s) => s.failure_code },
  { label: 'updated_at', value: (s) => s.updated_at },
];

/** The most sales one CSV holds. */
const SALES_EXPORT_MAX = 10_000;

/** GET /outlets/:id/sales?format=csv: every sale the filters pick, newest first. */
export async function salesCsv(
  deps: Deps,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  id: string,
  filter: SalesFilter,
) {
  const rows: SaleView[] = [];
  let cursor: string | undefined;
  do {
    const page = await outletSales(deps, viewer, id, 500, cursor, filter);
    rows.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && rows.length < SALES_EXPORT_MAX);
  return toCsv(rows.slice(0, SALES_EXPORT_MAX), SALE_FIELDS);
}
