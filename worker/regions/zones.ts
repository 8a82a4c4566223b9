import { sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import type { Config } from '../env';

/**
 * The zone an outlet's days count in (DESIGN 8, issue 11): its region's where the region
 * sets one, else the deployment's TIMEZONE. The one place the rule is written.
 */
export const zoneOr = (timezone: unknown, config: Pick<Config, 'TIMEZONE'>): string =>
  typeof timezone === 'string' ? timezone : config.TIMEZONE;

/**
 * The zone of one outlet, or of any user by its region (a manager's: its region's);
 * TIMEZONE for a user without a region or with none.
 */
export async function outletZone(deps: Deps, outletId: string): Promise<string> {
  const { rows } = await deps.reader.execute({
    sql: `SELECT r.timezone FROM users u LEFT JOIN regions r ON r.id = u.region_id WHERE u.id = ?`,
    args: [outletId],
  });
  return zoneOr(rows[0]?.timezone, deps.config);
}

/**
 * The regions whose zone is not TIMEZONE, region id to zone: a handful of rows, read
 * once per request by the lists over many outlets.
 */
export async function regionZones(deps: Deps): Promise<ReadonlyMap<string, string>> {
  const rows = await deps.db.all<{ id: string; timezone: string }>(
    sql`SELECT id, timezone FROM regions WHERE timezone IS NOT NULL AND timezone <> ${deps.config.TIMEZONE}`,
  );
  return new Map(rows.map((r) => [r.id, r.timezone]));
}
