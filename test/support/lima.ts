import { addDays, dayIn, dayStart } from '../../core/day';
import type { Harness } from './harness';

/** A zone far from Nairobi (TIMEZONE in the tests): UTC-5, 8 hours behind. */
export const LIMA = 'America/Lima';
const HOUR = 3_600_000;

/** Adds region `r-lima`, in America/Lima. */
export const limaRegion = (h: Pick<Harness, 'deps'>) =>
  h.deps.writer.write([
    { sql: `INSERT INTO regions (id, name, timezone) VALUES ('r-lima', 'Lima', ?)`, args: [LIMA] },
  ]);

/**
 * Adds region `r-lima` in America/Lima and moves the clock to 18:00 in Lima two days
 * ahead, when it is already 02:00 of the next day in Nairobi. Returns Lima's day.
 */
export async function limaEvening(h: Harness): Promise<string> {
  const limaDay = addDays(dayIn(h.clock.now(), LIMA), 2);
  h.clock.advance(dayStart(limaDay, LIMA) + 18 * HOUR - h.clock.now());
  await limaRegion(h);
  return limaDay;
}
