/**
 * The outlets list's query (issue 9 §2 "Outlets"): search, flag, frozen and sort, kept in
 * the console's hash so a reload or a shared link shows the same list, and sent as the
 * same query string to `GET /api/v1/outlets` and `/outlets/export.csv` (DESIGN 10), so
 * the CSV holds exactly what is on screen.
 */

// DESIGN 10's flag codes, from the server's own list (one source, core/).
import { FLAG_CODES, type FlagCode } from '../../../core/flags';

export { FLAG_CODES, type FlagCode };

/** The columns the list sorts by; the API's `sort` names them, `-` first for descending. */
export const SORT_COLUMNS = [
  'name',
  'available',
  'today_total',
  'month_total',
  'month_commission',
  'last_seen_at',
  'last_visit_at',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface Sort {
  column: SortColumn;
  descending: boolean;
}

export interface OutletQuery {
  q: string;
  flag?: FlagCode | undefined;
  frozen?: boolean | undefined;
  sort?: Sort | undefined;
}

export const EMPTY_QUERY: OutletQuery = { q: '' };

const MAX_SEARCH = 100;

const isFlag = (value: string | null): value is FlagCode =>
  (FLAG_CODES as readonly (string | null)[]).includes(value);
const isColumn = (value: string): value is SortColumn =>
  (SORT_COLUMNS as readonly string[]).includes(value);

export function parseSort(value: string | null | undefined): Sort | undefined {
  if (!value) return undefined;
  const descending = value.startsWith('-');
  const column = descending ? value.slice(1) : value;
  return isColumn(column) ? { column, descending } : undefined;
}

export const sortParam = (sort: Sort): string => `${sort.descending ? '-' : ''}${sort.column}`;

/** Reads a query from URL parameters, dropping whatever is not one of its values. */
export function parseQuery(params: URLSearchParams): OutletQuery {
  const flag = params.get('flag');
  const frozen = params.get('frozen');
  return {
    q: (params.get('q') ?? '').trim().slice(0, MAX_SEARCH),
    flag: isFlag(flag) ? flag : undefined,
    frozen: frozen === 'true' ? true : frozen === 'false' ? false : undefined,
    sort: parseSort(params.get('sort')),
  };
}

/** The query's parameters, only those set, in a fixed order (the API's and the hash's). */
export function queryParams(query: OutletQuery, cursor?: string): URLSearchParams {
  const params = new URLSearchParams();
  const q = query.q.trim();
  if (q) params.set('q', q);
  if (query.flag) params.set('flag', query.flag);
  if (query.frozen !== undefined) params.set('frozen', String(query.frozen));
  if (query.sort) params.set('sort', sortParam(query.sort));
  if (cursor) params.set('cursor', cursor);
  return params;
}

/** `?a=b` or nothing. */
export function queryString(query: OutletQuery, cursor?: string): string {
  const text = queryParams(query, cursor).toString();
  return text ? `?${text}` : '';
}

/**
 * A click on a column header: a new column sorts ascending by its words and descending
 * by its numbers and times (the biggest and newest first is what a manager looks for);
 * the same column again flips the direction.
 */
export function nextSort(current: Sort | undefined, column: SortColumn): Sort {
  if (current?.column === column) return { column, descending: !current.descending };
  return { column, descending: column !== 'name' };
}

export function sameQuery(a: OutletQuery, b: OutletQuery): boolean {
  return queryString(a) === queryString(b);
}
