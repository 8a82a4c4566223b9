import { describe, expect, it } from 'vitest';
import {
  checkPin,
  idleTooLong,
  LOCK_AFTER_MS,
  makePinVerifier,
  plausiblePhone,
  plausiblePin,
  tokenNeedsRenewal,
  tokenValid,
} from './session';

describe('device session', () => {
  it('unlocks with the PIN it was made from, and only with that PIN', async () => {
    const verifier = await makePinVerifier('1357', 1_000);
    expect(await checkPin('1357', verifier)).toBe(true);
    for (const wrong of ['1358', '135', '13570', ''])
      expect(await checkPin(wrong, verifier)).toBe(false);
    expect(JSON.stringify(verifier)).not.toContain('1357');
  });

  it('salts each verifier', async () => {
    const a = await makePinVerifier('1357', 1_000);
    const b = await makePinVerifier('1357', 1_000);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('locks after five idle minutes, and when the clock went back', () => {
    const now = 1_750_000_000_000;
    expect(idleTooLong(now - LOCK_AFTER_MS, now)).toBe(false);
    expect(idleTooLong(now - LOCK_AFTER_MS - 1, now)).toBe(true);
    expect(idleTooLong(now + 3_600_000, now)).toBe(true);
  });

  it('knows when the token has run out or should be renewed', () => {
    const now = 1_750_000_000_000;
    expect(tokenValid({ expiresAt: now + 1 }, now)).toBe(true);
    expect(tokenValid({ expiresAt: now }, now)).toBe(false);
    // A fresh 15-minute access token is used as it is; the last minute renews it.
    expect(tokenNeedsRenewal({ expiresAt: now + 30_000 }, now)).toBe(true);
    expect(tokenNeedsRenewal({ expiresAt: now + 15 * 60_000 }, now)).toBe(false);
  });

  it('accepts the phone and PIN forms the server accepts', () => {
    expect(plausiblePhone('0700000101')).toBe(true);
    expect(plausiblePhone('+254 700 000 101')).toBe(true);
    expect(plausiblePhone('07000')).toBe(false);
    expect(plausiblePin('1357')).toBe(true);
    expect(plausiblePin('135')).toBe(false);
    expect(plausiblePin('13a7')).toBe(false);
  });
});
