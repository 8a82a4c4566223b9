import { and, asc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { v7 as uuidv7 } from 'uuid';
import type { NewUser, UserChange, UserView } from '../../core/api/onboarding';
import { type Role, regions, users } from '../../db/schema';
import { userStatements } from '../../db/seed';
import { type Actor, auditEntry } from '../audit/entry';
import { newPassword, newPin } from '../auth/credentials';
import { revokeUserSessions } from '../auth/sessions';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { violationOf } from '../ledger/violation';
import { parseMsisdn } from '../sales/phone';

/**
 * Onboarding (DESIGN 12, issue 11): an admin makes users of every role with their
 * first PIN or password, shown once; changes a name, a retailer's distributor, or
 * deactivates a user (its sessions end in the same write; every channel then refuses
 * it). A user never moves between regions (DESIGN 2).
 */

type Row = typeof users.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const userView = (u: Row): UserView => ({
  id: u.id,
  role: u.role,
  name: u.name,
  phone: u.phone,
  email: u.email,
  region_id: u.regionId,
  distributor_id: u.distributorId,
  active: u.active === 1,
  frozen: u.frozen === 1,
  locked_until: iso(u.lockedUntil),
  created_at: iso(u.createdAt)!,
  limits: { min_sale: u.minSale, max_sale: u.maxSale, daily_limit: u.dailyLimit },
});

const phoneRole = (role: Role) => role === 'retailer' || role === 'distributor';

async function userRow(deps: Deps, id: string): Promise<Row> {
  const [row] = await deps.db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('User');
  return row;
}

/** A distributor a retailer of `regionId` may be under: active, of the same region. */
async function checkDistributor(deps: Deps, distributorId: string, regionId: string | null) {
  const [d] = await deps.db.select().from(users).where(eq(users.id, distributorId));
  if (d?.role !== 'distributor' || d.active !== 1)
    throw appError('invalid_request', `distributor_id: no active distributor "${distributorId}"`);
  if (d.regionId !== regionId)
    throw appError('invalid_request', 'distributor_id: the distributor is of another region');
}

/** The write failed on a UNIQUE login: 409 in the contract's words. */
function duplicateOf(error: unknown): never {
  const violation = violationOf(error);
  if (violation === 'duplicate_phone') throw appError('phone_taken');
  if (violation === 'duplicate_email') throw appError('email_taken');
  throw error;
}

/** POST /api/v1/users: the user, its wallet and commission accounts (as the seed makes them), its audit entry: one write. */
export async function onboardUser(deps: Deps, actor: Actor, body: NewUser) {
  const byPhone = phoneRole(body.role);
  if (byPhone ? body.phone === undefined : body.email === undefined)
    throw appError('invalid_request', byPhone ? 'phone: required' : 'email: required');
  if (byPhone ? body.email !== undefined : body.phone !== undefined)
    throw appError('invalid_request', byPhone ? 'email: only for staff' : 'phone: only for PINs');
  if (body.role !== 'admin' && body.region_id === undefined)
    throw appError('invalid_request', 'region_id: required');
  if (body.distributor_id !== undefined && body.role !== 'retailer')
    throw appError('invalid_request', 'distributor_id: only retailers have a distributor');
  const phone =
    body.phone === undefined
      ? undefined
      : parseMsisdn(body.phone, deps.config.DEFAULT_COUNTRY).e164;
  const regionId = body.region_id ?? null;
  if (regionId !== null) {
    const [region] = await deps.db.select().from(regions).where(eq(regions.id, regionId));
    if (!region) throw appError('invalid_request', `region_id: no region "${regionId}"`);
  }
  if (body.distributor_id !== undefined)
    await checkDistributor(deps, body.distributor_id, regionId);

  const id = uuidv7();
  const secret = byPhone ? newPin() : newPassword();
  const email = body.email?.toLowerCase();
  const statements = await userStatements(
    {
      id,
      role: body.role,
      name: body.name,
      ...(phone !== undefined ? { phone } : {}),
      ...(email !== undefined ? { email } : {}),
      secret,
      ...(regionId !== null ? { regionId } : {}),
      ...(body.distributor_id !== undefined ? { distributorId: body.distributor_id } : {}),
    },
    deps.config.CURRENCY,
    deps.clock.now(),
    deps.config.KDF_ITERATIONS,
  );
  try {
    await deps.writer.write(statements, [
      auditEntry(deps, actor, 'user_onboard', 'app', id, {
        role: body.role,
        region_id: regionId,
        distributor_id: body.distributor_id ?? null,
      }),
    ]);
  } catch (error) {
    duplicateOf(error);
  }
  return { user: userView(await userRow(deps, id)), secret };
}

/** PATCH /api/v1/users/:id: name, a retailer's distributor, active. */
export async function changeUser(deps: Deps, actor: Actor, id: string, body: UserChange) {
  const row = await userRow(deps, id);
  if (body.region_id !== undefined && body.region_id !== row.regionId)
    throw appError('region_change_not_supported');
  if (body.distributor_id !== undefined && body.distributor_id !== row.distributorId) {
    if (row.role !== 'retailer')
      throw appError('invalid_request', 'distributor_id: only retailers have a distributor');
    if (body.distributor_id !== null)
      await checkDistributor(deps, body.distributor_id, row.regionId);
  }
  if (body.active === false && actor.id === id)
    throw appError('forbidden', 'An admin does not deactivate itself');
  const next = {
    name: body.name ?? row.name,
    distributorId: body.distributor_id === undefined ? row.distributorId : body.distributor_id,
    active: body.active === undefined ? row.active : body.active ? 1 : 0,
  };
  const now = deps.clock.now();
  await deps.writer.write(
    [
      {
        sql: 'UPDATE users SET name = ?, distributor_id = ?, active = ? WHERE id = ?',
        args: [next.name, next.distributorId, next.active, id],
      },
      // Deactivated: every session ends in the same write (DESIGN 7, issue 11).
      ...(next.active === 0 ? [revokeUserSessions(id, now)] : []),
    ],
    [
      auditEntry(deps, actor, 'user_change', 'app', id, {
        old: { name: row.name, distributor_id: row.distributorId, active: row.active === 1 },
        new: { name: next.name, distributor_id: next.distributorId, active: next.active === 1 },
      }),
    ],
  );
  return userView(await userRow(deps, id));
}

export interface UserQuery {
  q?: string | undefined;
  role?: Role | undefined;
  region_id?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** GET /api/v1/users: every user (an admin's view), by name, phone or email; oldest first. */
export async function searchUsers(deps: Deps, query: UserQuery) {
  const conditions: (SQL | undefined)[] = [];
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const likeEscaped = (column: AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    // A number typed as the shopkeeper says it (0700 000 101) finds its E.164 form too.
    const digits = query.q.replace(/\D/g, '').replace(/^0/, '');
    conditions.push(
      or(
        likeEscaped(users.name),
        likeEscaped(users.phone),
        likeEscaped(users.email),
        digits.length >= 3 ? sql`${users.phone} LIKE ${`%${digits}%`}` : undefined,
      ),
    );
  }
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.region_id) conditions.push(eq(users.regionId, query.region_id));
  if (query.cursor) conditions.push(gt(users.id, query.cursor));
  const rows = await deps.db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.id))
    .limit(query.limit);
  return {
    items: rows.map(userView),
    next_cursor: rows.length === query.limit ? rows[rows.length - 1]!.id : null,
  };
}
