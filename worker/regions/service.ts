import { asc } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { NewRegion, Region } from '../../core/api/onboarding';
import { regions } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { violationOf } from '../ledger/violation';

/** Regions (DESIGN 12, issue 11): a name, and the region's own zone where it differs from TIMEZONE. */

export async function listRegions(deps: Deps): Promise<{ items: Region[] }> {
  const rows = await deps.db.select().from(regions).orderBy(asc(regions.name));
  return { items: rows.map((r) => ({ id: r.id, name: r.name, timezone: r.timezone })) };
}

export async function createRegion(deps: Deps, actor: Actor, body: NewRegion): Promise<Region> {
  const region = { id: `r-${uuidv7()}`, name: body.name, timezone: body.timezone ?? null };
  try {
    await deps.writer.write(
      [
        {
          sql: 'INSERT INTO regions (id, name, timezone) VALUES (?, ?, ?)',
          args: [region.id, region.name, region.timezone],
        },
      ],
      [auditEntry(deps, actor, 'region_create', 'app', region.id, { ...region })],
    );
  } catch (error) {
    if (violationOf(error) === 'duplicate_region') throw appError('region_exists');
    throw error;
  }
  return region;
}
