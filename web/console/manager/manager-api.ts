import { api } from '../../shared/api';
import type { DayRange } from './chart-data';
import { downloadCsv } from './csv-download';
import { type OutletQuery, queryString } from './outlet-query';
import type {
  AuditEntry,
  DailyRow,
  Dispute,
  DisputeQuery,
  OutletRow,
  Page,
  Reconciliation,
  ResolveRequest,
  Sale,
  Visit,
} from './types';

/**
 * The manager's calls to the API (DESIGN 10), with the console's token. The shell
 * connects the session once (`connectManager`); the screens only ask.
 */

export interface ManagerSession {
  token(): string | undefined;
  /** The zone the manager's days count in (its region's, DESIGN 8), for "today" in the date pickers. */
  timeZone(): string;
}

let session: ManagerSession = { token: () => undefined, timeZone: () => 'Africa/Nairobi' };

export function connectManager(next: ManagerSession): void {
  session = next;
}

export const managerSession = (): ManagerSession => session;

const get = <T>(path: string) => api<T>(path, { token: session.token() });
const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>(path, { method: 'POST', token: session.token(), body, ...(headers && { headers }) });

const token = (): string => {
  const value = session.token();
  if (!value) throw new Error('not logged in');
  return value;
};

const id = encodeURIComponent;

export interface SalesFilter extends Partial<DayRange> {
  status?: string | undefined;
}

function salesParams(filter: SalesFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.status) params.set('status', filter.status);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const listOutlets = (query: OutletQuery, cursor?: string) =>
  get<Page<OutletRow>>(`/outlets${queryString(query, cursor)}`);

export const exportOutlets = (query: OutletQuery) =>
  downloadCsv(`/outlets/export.csv${queryString(query)}`, token(), 'outlets.csv');

export const getOutlet = (outlet: string) => get<OutletRow>(`/outlets/${id(outlet)}`);

export const outletDaily = (outlet: string, range: DayRange) =>
  get<DailyRow[]>(`/outlets/${id(outlet)}/daily${salesParams(range)}`);

export const outletSales = (outlet: string, filter: SalesFilter, cursor?: string) =>
  get<Page<Sale>>(
    `/outlets/${id(outlet)}/sales${salesParams(filter, { limit: '50', ...(cursor && { cursor }) })}`,
  );

export const exportSales = (outlet: string, filter: SalesFilter) =>
  downloadCsv(
    `/outlets/${id(outlet)}/sales${salesParams(filter, { format: 'csv' })}`,
    token(),
    `sales-${outlet}.csv`,
  );

export const outletVisits = (outlet: string) =>
  get<Page<Visit> | Visit[]>(`/outlets/${id(outlet)}/visits`).then((answer) =>
    Array.isArray(answer) ? answer : answer.items,
  );

export const outletAudit = (outlet: string) =>
  get<Page<AuditEntry>>(`/audit/outlets/${id(outlet)}?limit=50`);

export const freezeOutlet = (outlet: string, frozen: boolean, reason: string) =>
  post<OutletRow>(`/outlets/${id(outlet)}/${frozen ? 'freeze' : 'unfreeze'}`, { reason });

export const unlockOutlet = (outlet: string) => post<undefined>(`/users/${id(outlet)}/unlock`);

export const reconciliation = (day: string) =>
  get<Reconciliation>(`/reports/reconciliation?day=${day}`);

export const exportReconciliation = (day: string) =>
  downloadCsv(
    `/reports/reconciliation?day=${day}&format=csv`,
    token(),
    `reconciliation-${day}.csv`,
  );

export type DisputeFilter = Partial<Pick<DisputeQuery, 'status' | 'outlet_id'>>;

/** GET /disputes in the manager's scope (DESIGN 11: the region; admin: all), 100 at a time. */
export function listDisputes(filter: DisputeFilter, cursor?: string) {
  const params = new URLSearchParams({ limit: '100' });
  if (filter.status) params.set('status', filter.status);
  if (filter.outlet_id) params.set('outlet_id', filter.outlet_id);
  if (cursor) params.set('cursor', cursor);
  return get<Page<Dispute>>(`/disputes?${params}`);
}

export const getDispute = (dispute: string) => get<Dispute>(`/disputes/${id(dispute)}`);

/** POST /disputes/:id/resolve: refunded or rejected, with the manager's required note. */
export const resolveDispute = (dispute: string, body: ResolveRequest) =>
  post<Dispute>(`/disputes/${id(dispute)}/resolve`, body);
