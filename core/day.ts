/**
 * A day is a calendar day in the deployment's TIMEZONE (DESIGN 8), never a UTC day and
 * never the device's own zone. Pure: no DOM, Node or Hono, imported by worker/ and web/.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    // en-CA formats a date as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Whether the name is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    dayFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day, `YYYY-MM-DD`, of an instant (epoch ms) in the time zone. */
export const dayIn = (ms: number, timeZone: string): string => dayFormat(timeZone).format(ms);

/** `YYYY-MM` of an instant in the time zone. */
export const monthIn = (ms: number, timeZone: string): string => dayIn(ms, timeZone).slice(0, 7);

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** The day `n` days after `day` (negative: before), by the calendar. */
export const addDays = (day: string, n: number): string =>
  new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);

/** Whole calendar days from `from` to `to` (0 for the same day). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/**
 * The instant (epoch ms) a day begins in the time zone: [dayStart(d), dayStart(d + 1))
 * is the whole day, 23 or 25 hours long where the zone changes its clocks.
 */
export function dayStart(day: string, timeZone: string): number {
  // Start from UTC midnight and correct by the zone's offset there; a second pass
  // settles the few zones whose offset differs across the correction.
  const utcMidnight = dayNumber(day) * DAY_MS;
  let guess = utcMidnight;
  for (let i = 0; i < 3; i++) {
    const seen = dayNumber(dayIn(guess, timeZone)) * DAY_MS + timeOfDay(guess, timeZone);
    const next = guess - (seen - utcMidnight);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeOfDay(ms: number, timeZone: string): number {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    timeFormats.set(timeZone, format);
  }
  const [h, m, s] = format.format(ms).split(':').map(Number);
  return ((h! * 60 + m!) * 60 + s!) * 1000 + (ms % 1000);
}

/** The hour (0-23) of an instant in the time zone. */
export const hourIn = (ms: number, timeZone: string): number =>
  Math.floor(timeOfDay(ms, timeZone) / 3_600_000);

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, as `GMT+3`, `GMT+5:30` or `GMT+0`. */
function offsetIn(ms: number, timeZone: string): string {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' });
    offsetFormats.set(timeZone, format);
  }
  return format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+0';
}

/**
 * An instant as people of the zone read it on a receipt, `YYYY-MM-DD HH:MM GMT+3`: the
 * local day and clock, with the offset so that nobody takes it for UTC.
 */
export function localTimeIn(ms: number, timeZone: string): string {
  const t = Math.floor(timeOfDay(ms, timeZone) / 60_000);
  const clock = `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  return `${dayIn(ms, timeZone)} ${clock} ${offsetIn(ms, timeZone)}`;
}
