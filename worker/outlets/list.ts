import { and, inArray, type SQL, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { AuthUser } from '../auth/middleware';
import { scopeFilter } from '../auth/scope';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { type FlagCode, type FlagContext, flagCount, flagRaised } from '../flags/rules';
import { isOutlet, type OutletView, outletColumns, outletContext, outletRows } from './view';

/** The columns GET /outlets sorts by (`sort=month_total`, `sort=-month_total` descending). */
export const SORT_KEYS = [
  'id',
  'name',
  'phone',
  'available',
  'commission',
  'today_count',
  'today_total',
  'month_count',
  'month_total',
  'month_commission',
  'frozen',
  'locked_until',
  'last_sale_at',
  'last_seen_at',
  'last_visit_at',
  'flags',
  'created_at',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface OutletQuery {
  q?: string | undefined;
  flag?: FlagCode | undefined;
  frozen?: boolean | undefined;
  sort: SortKey;
  desc: boolean;
  limit: number;
  cursor?: string | undefined;
}

const balance = (kind: 'wallet' | 'commission', expr: string) =>
  sql`(SELECT ${sql.raw(expr)} FROM accounts WHERE user_id = ${users.id} AND kind = ${kind})`;

/** Each sort key as a never-null SQL value, so that (value, id) orders every row once. */
function sortValue(key: SortKey, c: FlagContext): SQL {
  const now = c.now;
  const columns = outletColumns(c);
  const time = (e: SQL) => sql`coalesce(${e}, -1)`;
  switch (key) {
    case 'id':
      return sql`${users.id}`;
    case 'name':
      return sql`${users.name}`;
    case 'phone':
      return sql`coalesce(${users.phone}, '')`;
    case 'available':
      return sql`coalesce(${balance('wallet', 'credits_posted - debits_posted - debits_pending')}, 0)`;
    case 'commission':
      return sql`coalesce(${balance('commission', 'credits_posted - debits_posted')}, 0)`;
    case 'frozen':
      return sql`${users.frozen}`;
    case 'locked_until':
      return sql`CASE WHEN ${users.lockedUntil} > ${now} THEN ${users.lockedUntil} ELSE -1 END`;
    case 'last_seen_at':
      return time(sql`${users.lastSeenAt}`);
    case 'created_at':
      return sql`${users.createdAt}`;
    case 'flags':
      return flagCount(c);
    case 'last_sale_at':
    case 'last_visit_at':
      return time(columns[key]);
    default:
      return columns[key];
  }
}

/** An opaque cursor: the sort it belongs to and the last row's (value, id). */
type Cursor = [sort: string, value: string | number, id: string];
const encodeCursor = (c: Cursor) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(c))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
function decodeCursor(text: string, sort: string): Cursor {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const c = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 3 &&
      c[0] === sort &&
      (typeof c[1] === 'string' || typeof c[1] === 'number') &&
      typeof c[2] === 'string'
    )
      return c as Cursor;
  } catch {}
  throw appError('invalid_query', 'cursor: not a cursor of this sort');
}

/** `q`: part of the name, or digits of the phone number (a leading 0 of a national number dropped). */
function search(q: string | undefined): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const digits = text.replace(/\D/g, '').replace(/^0/, '');
  const byName = sql`${users.name} LIKE ${like(text)} ESCAPE '\\'`;
  return digits.length >= 3
    ? sql`(${byName} OR ${users.phone} LIKE ${like(digits)} ESCAPE '\\')`
    : byName;
}

/**
 * The ids of one page of outlets in the viewer's scope, filtered and sorted in SQL:
 * only the expressions the filter and the sort need are computed for every outlet,
 * the rest for the page's rows alone (outletRows). Keyset paging on (value, id), so a
 * page never repeats or skips a row when values tie.
 */
async function pageIds(
  deps: Deps,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  query: OutletQuery,
  c: FlagContext,
) {
  const sortKey = sortValue(query.sort, c);
  const filters = and(
    isOutlet,
    await scopeFilter(deps, viewer),
    search(query.q),
    query.frozen === undefined ? undefined : sql`${users.frozen} = ${query.frozen ? 1 : 0}`,
    query.flag ? flagRaised(query.flag, c) : undefined,
  );
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
  const dir = sql.raw(query.desc ? 'DESC' : 'ASC');
  const after = cursor
    ? sql`WHERE (k, id) ${sql.raw(query.desc ? '<' : '>')} (${cursor[1]}, ${cursor[2]})`
    : sql``;
  const rows = await deps.db.all<{ id: string; k: string | number }>(sql`
    SELECT id, k FROM (SELECT ${users.id} AS id, ${sortKey} AS k FROM ${users} WHERE ${filters})
    ${after} ORDER BY k ${dir}, id ${dir} LIMIT ${query.limit}`);
  return rows;
}

/** GET /api/v1/outlets: a page of the outlets in scope, with their figures and flags. */
export async function listOutlets(
  deps: Deps,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  query: OutletQuery,
  context?: FlagContext,
): Promise<{ items: OutletView[]; next_cursor: string | null }> {
  // One instant and one read of the regions' zones for the whole request (issue 11).
  const c = context ?? (await outletContext(deps));
  const page = await pageIds(deps, viewer, query, c);
  if (page.length === 0) return { items: [], next_cursor: null };
  const rows = await outletRows(
    deps,
    viewer,
    inArray(
      users.id,
      page.map((r) => r.id),
    ),
    page.length,
    c,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const last = page[page.length - 1]!;
  return {
    items: page.map((r) => byId.get(r.id)).filter((r): r is OutletView => r !== undefined),
    next_cursor: page.length === query.limit ? encodeCursor([query.sort, last.k, last.id]) : null,
  };
}

/** The most rows one CSV export holds (GET /outlets/export.csv). */
export const EXPORT_MAX = 10_000;

/** Every outlet the list would show with these filters, in its order, page by page. */
export async function allOutlets(
  deps: Deps,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  query: Omit<OutletQuery, 'limit' | 'cursor'>,
): Promise<OutletView[]> {
  const out: OutletView[] = [];
  let cursor: string | undefined;
  const c = await outletContext(deps);
  do {
    const page = await listOutlets(deps, viewer, { ...query, limit: 500, cursor }, c);
    out.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && out.length < EXPORT_MAX);
  return out.slice(0, EXPORT_MAX);
}
