import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { and, desc, eq, getTableColumns, lt, or, sql } from 'drizzle-orm';
import { getDistance } from 'geolib';
import { v7 as uuidv7 } from 'uuid';
import { checkVisitCode } from '../../core/visit-code';
import { users, VISIT_CHECKLIST, visits } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { violationOf } from '../ledger/violation';
import { isVisitFar } from './far';
import { parsePhoto, photoBytes } from './photo';
import type { VisitAnswer, VisitRequest } from './schemas';

type VisitRow = typeof visits.$inferSelect;
type Checklist = VisitRequest['checklist'];

const COLUMNS: Record<keyof Checklist, keyof VisitRow> = {
  branding_visible: 'brandingVisible',
  price_list_shown: 'priceListShown',
  float_sufficient: 'floatSufficient',
  records_kept: 'recordsKept',
  pin_private: 'pinPrivate',
  no_complaints: 'noComplaints',
};

/** The outlet a visit names: a retailer in the caller's scope (the route checked the scope). */
async function outletOf(deps: Deps, outletId: string) {
  const [outlet] = await deps.db
    .select({ lat: users.lat, lng: users.lng, secret: users.visitSecret })
    .from(users)
    .where(and(eq(users.id, outletId), eq(users.role, 'retailer')));
  if (!outlet) throw notFound('Outlet');
  return outlet;
}

const farFlags = (deps: Deps, row: Pick<VisitRow, 'distanceM' | 'accuracyM'>): 'visit_far'[] =>
  isVisitFar(row, deps.config) ? ['visit_far'] : [];

const answerOf = (deps: Deps, row: VisitRow): VisitAnswer => ({
  id: row.id,
  distance_m: row.distanceM,
  shop_confirmed: row.shopConfirmed === 1,
  flags: farFlags(deps, row),
});

/** The stored answer of a used key (DESIGN 4's rule, for visits), or 422 for another body. */
async function answerForKey(deps: Deps, managerId: string, key: string, requestHash: string) {
  const [row] = await deps.db
    .select()
    .from(visits)
    .where(and(eq(visits.managerId, managerId), eq(visits.idempotencyKey, key)));
  if (!row) return undefined;
  if (row.requestHash !== requestHash)
    throw appError('idempotency_key_reused', 'This Idempotency-Key was used for another visit');
  return { visit: answerOf(deps, row), replayed: true };
}

/**
 * POST /api/v1/outlets/:id/visits (DESIGN 10): one atomic write holds the visit, the
 * outlet's first location when this visit is accurate enough, and the audit entry.
 */
export async function recordVisit(
  deps: Deps,
  actor: Actor & { id: string },
  outletId: string,
  key: string,
  request: VisitRequest,
): Promise<{ visit: VisitAnswer; replayed: boolean }> {
  const { config } = deps;
  const requestHash = bytesToHex(sha256(utf8ToBytes(JSON.stringify([outletId, request]))));
  const stored = await answerForKey(deps, actor.id, key, requestHash);
  if (stored) return stored;

  const outlet = await outletOf(deps, outletId);
  const now = deps.clock.now();
  const recordedAt = Date.parse(request.recorded_at);
  if (recordedAt > now + config.VISIT_CLOCK_SKEW_MS)
    throw appError('invalid_visit_time', 'recorded_at is in the future');
  if (recordedAt < now - config.VISIT_MAX_AGE_MS)
    throw appError('invalid_visit_time', 'recorded_at is older than visits are accepted');
  if (request.photo !== undefined) parsePhoto(request.photo);

  const here = { latitude: request.lat, longitude: request.lng };
  const located = outlet.lat !== null && outlet.lng !== null;
  const distanceM = located
    ? getDistance(here, { latitude: outlet.lat!, longitude: outlet.lng! })
    : null;
  // DESIGN 10: the first visit accurate to VISIT_LOCATE_ACCURACY_M places the outlet.
  const locates = !located && request.accuracy_m <= config.VISIT_LOCATE_ACCURACY_M;
  const shopConfirmed =
    request.shop_code !== undefined &&
    outlet.secret !== null &&
    checkVisitCode(outlet.secret, request.shop_code, recordedAt);

  const id = uuidv7();
  const checklist = VISIT_CHECKLIST.map((item) => (request.checklist[item] ? 1 : 0));
  const statements = [
    {
      sql: `INSERT INTO visits (id, outlet_id, manager_id, idempotency_key, request_hash, lat, lng,
              accuracy_m, recorded_at, received_at, ${VISIT_CHECKLIST.join(', ')}, note, photo,
              shop_confirmed, distance_m)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
              -- The visit that places the outlet is at its location: 0 m.
              CASE WHEN ? = 1 AND (SELECT lat FROM users WHERE id = ?) IS NULL THEN 0 ELSE ? END)`,
      args: [
        id,
        outletId,
        actor.id,
        key,
        requestHash,
        request.lat,
        request.lng,
        request.accuracy_m,
        recordedAt,
        now,
        ...checklist,
        request.note ?? null,
        request.photo ?? null,
        shopConfirmed ? 1 : 0,
        locates ? 1 : 0,
        outletId,
        distanceM,
      ],
    },
  ];
  if (locates) {
    statements.push({
      // Only when it still has none: a concurrent first visit may have placed it.
      sql: 'UPDATE users SET lat = ?, lng = ? WHERE id = ? AND lat IS NULL',
      args: [request.lat, request.lng, outletId],
    } as (typeof statements)[number]);
  }
  try {
    await deps.writer.write(statements, [
      auditEntry(deps, actor, 'visit', 'app', outletId, {
        visit_id: id,
        distance_m: distanceM,
        accuracy_m: request.accuracy_m,
        shop_confirmed: shopConfirmed,
        located: locates,
      }),
    ]);
  } catch (error) {
    // The same key arrived twice at once: the first write's answer is the answer.
    if (violationOf(error) === 'duplicate_visit_key') {
      const answer = await answerForKey(deps, actor.id, key, requestHash);
      if (answer) return answer;
    }
    throw error;
  }
  const [row] = await deps.db.select().from(visits).where(eq(visits.id, id));
  return { visit: answerOf(deps, row!), replayed: false };
}

const visitView = (deps: Deps, row: VisitRow & { managerName: string | null }) => ({
  id: row.id,
  outlet_id: row.outletId,
  manager_id: row.managerId,
  manager_name: row.managerName,
  lat: row.lat,
  lng: row.lng,
  accuracy_m: row.accuracyM,
  recorded_at: new Date(row.recordedAt).toISOString(),
  received_at: new Date(row.receivedAt).toISOString(),
  checklist: Object.fromEntries(
    VISIT_CHECKLIST.map((item) => [item, row[COLUMNS[item]] === 1]),
  ) as Checklist,
  note: row.note,
  has_photo: row.photo !== null,
  shop_confirmed: row.shopConfirmed === 1,
  distance_m: row.distanceM,
  flags: farFlags(deps, row),
});

/** GET /api/v1/outlets/:id/visits: newest first (by recorded_at), without the photos. */
export async function listVisits(deps: Deps, outletId: string, limit: number, cursor?: string) {
  await outletOf(deps, outletId);
  const [at, id] = (cursor ?? '').split('_');
  const after =
    cursor && at && id && /^\d+$/.test(at)
      ? or(
          lt(visits.recordedAt, Number(at)),
          and(eq(visits.recordedAt, Number(at)), lt(visits.id, id)),
        )
      : undefined;
  if (cursor && !after) throw appError('invalid_query', 'cursor: not a cursor of this list');
  const { photo: _photo, ...columns } = getTableColumns(visits);
  const rows = await deps.db
    .select({
      ...columns,
      photo: sql<string | null>`CASE WHEN ${visits.photo} IS NULL THEN NULL ELSE '' END`,
      managerName: users.name,
    })
    .from(visits)
    .leftJoin(users, eq(users.id, visits.managerId))
    .where(and(eq(visits.outletId, outletId), after))
    .orderBy(desc(visits.recordedAt), desc(visits.id))
    .limit(limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => visitView(deps, r)),
    next_cursor: rows.length === limit && last ? `${last.recordedAt}_${last.id}` : null,
  };
}

/** GET /api/v1/outlets/:id/visits/:visitId/photo: the JPEG bytes. */
export async function visitPhoto(deps: Deps, outletId: string, visitId: string) {
  const [row] = await deps.db
    .select({ photo: visits.photo })
    .from(visits)
    .where(and(eq(visits.id, visitId), eq(visits.outletId, outletId)));
  if (!row?.photo) throw notFound('Photo');
  return photoBytes(row.photo);
}
