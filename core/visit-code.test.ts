import { describe, expect, it } from 'vitest';
import {
  checkVisitCode,
  VISIT_CODE_STEP_MS,
  visitCode,
  visitCodeExpiresIn,
  visitCodeStep,
} from './visit-code';

/** RFC 6238's SHA-256 test secret, as the hex a `users.visit_secret` holds. */
const RFC_SECRET = Buffer.from('12345678901234567890123456789012').toString('hex');

describe('visit code (DESIGN 10 proof of presence)', () => {
  // RFC 6238 appendix B (SHA-256) gives 8 digits per counter value; a visit code is
  // the same HOTP value truncated to 6 digits, with 5-minute steps as the counter.
  it.each([
    [1, '119246'],
    [37037036, '084774'],
    [37037037, '062674'],
    [41152263, '819424'],
    [66666666, '698825'],
    [666666666, '737706'],
  ])('matches the RFC 6238 SHA-256 vector for step %i', (step, code) => {
    const ms = step * VISIT_CODE_STEP_MS;
    expect(visitCode(RFC_SECRET, ms)).toBe(code);
    expect(visitCode(RFC_SECRET, ms + VISIT_CODE_STEP_MS - 1)).toBe(code);
  });

  it('changes every 5 minutes and differs between outlets', () => {
    const ms = Date.UTC(2026, 11, 1, 9, 0);
    expect(visitCode(RFC_SECRET, ms)).not.toBe(visitCode(RFC_SECRET, ms + VISIT_CODE_STEP_MS));
    expect(visitCode(RFC_SECRET, ms)).not.toBe(visitCode('00'.repeat(20), ms));
    expect(visitCode(RFC_SECRET, ms)).toMatch(/^\d{6}$/);
    expect(visitCodeExpiresIn(ms + 60_000)).toBe(4 * 60_000);
  });

  it('accepts the current step and one step either side, nothing further', () => {
    const now = Date.UTC(2026, 11, 1, 9, 2, 30);
    const at = (steps: number) => visitCode(RFC_SECRET, now + steps * VISIT_CODE_STEP_MS);
    expect(checkVisitCode(RFC_SECRET, at(0), now)).toBe(true);
    expect(checkVisitCode(RFC_SECRET, at(-1), now)).toBe(true);
    expect(checkVisitCode(RFC_SECRET, at(1), now)).toBe(true);
    expect(checkVisitCode(RFC_SECRET, at(-2), now)).toBe(false);
    expect(checkVisitCode(RFC_SECRET, at(2), now)).toBe(false);
  });

  it('refuses what is not six digits and another outlet’s code', () => {
    const now = Date.UTC(2026, 11, 1, 9, 0);
    const code = visitCode(RFC_SECRET, now);
    for (const bad of ['', '12345', '1234567', 'abcdef', ` ${code}`]) {
      expect(checkVisitCode(RFC_SECRET, bad, now)).toBe(false);
    }
    expect(checkVisitCode('ab'.repeat(20), code, now)).toBe(
      visitCode('ab'.repeat(20), now) === code,
    );
    expect(visitCodeStep(now)).toBe(Math.floor(now / VISIT_CODE_STEP_MS));
  });
});
