import { describe, expect, it } from 'vitest';
import { DEFAULT_ITERATIONS, DUMMY_HASH, hashSecret, verifySecret } from './kdf';

// A low count keeps the round trips fast; one test checks the real default.
const FAST = 1_000;
const PIN = '482915';

describe('PIN and password hashing', () => {
  it('verifies the secret it hashed', async () => {
    const stored = await hashSecret(PIN, FAST);
    expect(await verifySecret(PIN, stored)).toBe(true);
  });

  it('refuses a wrong PIN', async () => {
    const stored = await hashSecret(PIN, FAST);
    for (const wrong of ['482916', '48291', '4829150', '', ' 482915']) {
      expect(await verifySecret(wrong, stored)).toBe(false);
    }
  });

  it('salts each hash, so the same PIN hashes differently', async () => {
    const a = await hashSecret(PIN, FAST);
    const b = await hashSecret(PIN, FAST);
    expect(a).not.toBe(b);
    const salt = (stored: string) => stored.split('$')[2];
    expect(salt(a)).not.toBe(salt(b));
    expect(await verifySecret(PIN, a)).toBe(true);
    expect(await verifySecret(PIN, b)).toBe(true);
  });

  it('stores neither the PIN nor a fast hash of it', async () => {
    const stored = await hashSecret(PIN);
    expect(stored).not.toContain(PIN);
    expect(stored).not.toContain(Buffer.from(PIN).toString('base64'));
    // DESIGN 7: a slow KDF with a high count, recorded with the hash.
    const [scheme, iterations] = stored.split('$');
    expect(scheme).toBe('pbkdf2-sha256');
    expect(Number(iterations)).toBe(DEFAULT_ITERATIONS);
    expect(DEFAULT_ITERATIONS).toBeGreaterThanOrEqual(100_000);
    expect(await verifySecret(PIN, stored)).toBe(true);
  });

  it('verifies with the count stored in the hash, not the current default', async () => {
    const stored = await hashSecret(PIN, 2_000);
    const rewritten = stored.replace('$2000$', '$2001$');
    expect(await verifySecret(PIN, rewritten)).toBe(false);
  });

  it('matches nothing with the dummy hash or a malformed one', async () => {
    for (const secret of [PIN, '1357', '', 'airload-demo']) {
      expect(await verifySecret(secret, DUMMY_HASH)).toBe(false);
    }
    for (const stored of ['', PIN, 'plain$1000$abc$def', 'pbkdf2-sha256$1000$$']) {
      expect(await verifySecret(PIN, stored)).toBe(false);
    }
  });
});
