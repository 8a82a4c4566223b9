import { visitCode, visitCodeExpiresIn } from '../../core/visit-code';

/**
 * What the shop's visit-code screen shows at an instant (DESIGN 10 "Proof of presence",
 * issue 9): the code of the current five-minute step and the whole seconds left in it.
 * Plain, so a unit test can walk the clock across a step's boundary.
 */

export interface VisitCodeShown {
  code: string;
  /** 300 just as a code starts, 1 in its last second: never 0, the next code shows then. */
  secondsLeft: number;
}

export const visitCodeAt = (secretHex: string, ms: number): VisitCodeShown => ({
  code: visitCode(secretHex, ms),
  secondsLeft: Math.ceil(visitCodeExpiresIn(ms) / 1000),
});

/**
 * Milliseconds to the next whole second. A step is a whole number of seconds, so a
 * screen that redraws on every whole second changes its code exactly at the boundary
 * (an interval started at some odd millisecond would be up to a second late, and drift).
 */
export const untilNextSecond = (ms: number): number => 1000 - (((ms % 1000) + 1000) % 1000);

/** `4:07`: the countdown as minutes and seconds. */
export const countdownLabel = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
