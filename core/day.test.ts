import { describe, expect, it } from 'vitest';
import { addDays, dayIn, dayStart, daysBetween, hourIn, isTimeZone, localTimeIn } from './day';

const NAIROBI = 'Africa/Nairobi'; // UTC+3, no daylight saving

describe('days in TIMEZONE', () => {
  it('puts 23:30 and 00:30 Nairobi time on different days, whatever the UTC day', () => {
    const late = Date.parse('2026-03-10T23:30:00+03:00');
    const early = Date.parse('2026-03-11T00:30:00+03:00');
    expect(dayIn(late, NAIROBI)).toBe('2026-03-10');
    expect(dayIn(early, NAIROBI)).toBe('2026-03-11');
    // Both are 2026-03-10 in UTC: a UTC day would put them together.
    expect(new Date(early).toISOString().slice(0, 10)).toBe('2026-03-10');
  });

  it('starts a day at local midnight', () => {
    expect(dayStart('2026-03-11', NAIROBI)).toBe(Date.parse('2026-03-11T00:00:00+03:00'));
    expect(dayStart('2026-03-11', 'UTC')).toBe(Date.parse('2026-03-11T00:00:00Z'));
    expect(dayStart('2026-01-15', 'America/New_York')).toBe(
      Date.parse('2026-01-15T00:00:00-05:00'),
    );
  });

  it('has a 23-hour day where the clocks go forward', () => {
    const start = dayStart('2026-03-08', 'America/New_York');
    const next = dayStart('2026-03-09', 'America/New_York');
    expect(next - start).toBe(23 * 3_600_000);
    expect(dayIn(next - 1, 'America/New_York')).toBe('2026-03-08');
  });

  it('counts calendar days and hours', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2025-12-31', '2026-01-02')).toBe(2);
    expect(hourIn(Date.parse('2026-03-11T04:59:00+03:00'), NAIROBI)).toBe(4);
    expect(isTimeZone(NAIROBI)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('writes a receipt time in the zone, with its offset, never as UTC', () => {
    const at = Date.parse('2026-03-11T23:30:00+03:00');
    expect(localTimeIn(at, NAIROBI)).toBe('2026-03-11 23:30 GMT+3');
    expect(localTimeIn(at, 'UTC')).toBe('2026-03-11 20:30 GMT+0');
    expect(localTimeIn(Date.parse('2026-07-01T00:05:00-04:00'), 'America/New_York')).toBe(
      '2026-07-01 00:05 GMT-4',
    );
  });
});
