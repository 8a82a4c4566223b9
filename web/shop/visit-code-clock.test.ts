import { describe, expect, it } from 'vitest';
import { VISIT_CODE_STEP_MS, visitCode } from '../../core/visit-code';
import { countdownLabel, untilNextSecond, visitCodeAt } from './visit-code-clock';

const SECRET = 'a1'.repeat(20);
/** The start of a five-minute step. */
const BOUNDARY = Math.ceil(Date.UTC(2026, 11, 1, 9, 0) / VISIT_CODE_STEP_MS) * VISIT_CODE_STEP_MS;

describe('the visit-code screen’s clock', () => {
  it('counts down from 5:00 to 0:01 and shows the next code exactly at the boundary', () => {
    // The screen's own schedule: redraw, then wait untilNextSecond. Opened at an odd moment.
    let now = BOUNDARY - VISIT_CODE_STEP_MS + 437;
    const shown = [visitCodeAt(SECRET, now)];
    const at = [now];
    while (now < BOUNDARY + 2_000) {
      now += untilNextSecond(now);
      at.push(now);
      shown.push(visitCodeAt(SECRET, now));
    }
    const previous = visitCode(SECRET, BOUNDARY - 1);
    const next = visitCode(SECRET, BOUNDARY);
    expect(previous).not.toBe(next);
    // The first redraw after opening is on a whole second, and so is every one after it.
    expect(at.slice(1).every((ms) => ms % 1000 === 0)).toBe(true);
    const change = shown.findIndex((s) => s.code === next);
    expect(at[change]).toBe(BOUNDARY);
    expect(shown.slice(0, change).every((s) => s.code === previous)).toBe(true);
    expect(shown.slice(0, change).map((s) => s.secondsLeft)).toEqual(
      Array.from({ length: 300 }, (_, i) => 300 - i),
    );
    expect(shown.slice(change).map((s) => s.secondsLeft)).toEqual([300, 299, 298]);
  });

  it('waits a whole second on a whole second, and the rest of it otherwise', () => {
    expect(untilNextSecond(BOUNDARY)).toBe(1000);
    expect(untilNextSecond(BOUNDARY + 1)).toBe(999);
    expect(untilNextSecond(BOUNDARY + 999)).toBe(1);
  });

  it.each([
    [300, '5:00'],
    [299, '4:59'],
    [61, '1:01'],
    [60, '1:00'],
    [9, '0:09'],
    [1, '0:01'],
  ])('writes %i seconds as %s', (seconds, label) => {
    expect(countdownLabel(seconds)).toBe(label);
  });
});
