/**
 * Runs `fn` after `ms` milliseconds and returns a function that cancels it. The
 * simulator takes one of these so tests can drive time by hand (see manual-timer.ts).
 */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** The real clock. A pending carrier answer must never keep a Node process alive. */
export const realSchedule: Schedule = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  // Node returns a Timeout object with unref(); Workers and browsers return a number.
  if (typeof handle === 'object' && typeof handle.unref === 'function') handle.unref();
  return () => clearTimeout(handle);
};
