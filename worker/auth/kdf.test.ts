import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_ITERATIONS,
  dummyHash,
  hashSecret,
  MAX_CALL_ITERATIONS,
  needsRehash,
  primitive,
  verifySecret,
} from './kdf';

// A low count keeps the round trips fast; one test checks the real default and the cap.
const FAST = 1_000;
const PIN = '482915';

/** The single-call hash of before issue 14: `pbkdf2-sha256$<count>$<salt>$<hash>`. */
async function legacyHash(secret: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(new Uint8Array(bits))}`;
}

/** Every call of the KDF primitive made while `work` runs. */
async function callsDuring(work: () => Promise<unknown>): Promise<number[]> {
  const spy = vi.spyOn(primitive, 'pbkdf2');
  await work();
  const counts = spy.mock.calls.map(([, , iterations]) => iterations);
  spy.mockRestore();
  return counts;
}

afterEach(() => vi.restoreAllMocks());

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

  it('hashes with 600,000 iterations in calls of at most 100,000 (Workers refuse more), naming its scheme', async () => {
    expect(DEFAULT_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(MAX_CALL_ITERATIONS).toBeLessThanOrEqual(100_000);
    let stored = '';
    const hashing = await callsDuring(async () => {
      stored = await hashSecret(PIN);
    });
    expect(stored).not.toContain(PIN);
    expect(stored).not.toContain(Buffer.from(PIN).toString('base64'));
    const [scheme, iterations] = stored.split('$');
    expect(scheme).toBe('pbkdf2-sha256-chain');
    expect(Number(iterations)).toBe(DEFAULT_ITERATIONS);
    expect(Math.max(...hashing)).toBeLessThanOrEqual(MAX_CALL_ITERATIONS);
    expect(hashing.reduce((a, b) => a + b, 0)).toBe(DEFAULT_ITERATIONS);

    const verifying = await callsDuring(async () => {
      expect(await verifySecret(PIN, stored)).toBe(true);
    });
    expect(Math.max(...verifying)).toBeLessThanOrEqual(MAX_CALL_ITERATIONS);
    expect(verifying.reduce((a, b) => a + b, 0)).toBe(DEFAULT_ITERATIONS);
  }, 60_000);

  it('refuses a single call above the cap, as Workers do in production', async () => {
    const salt = new Uint8Array(16);
    await expect(
      primitive.pbkdf2(new Uint8Array(4), salt, MAX_CALL_ITERATIONS + 1),
    ).rejects.toThrow(/at most 100000/);
  });

  it('chains the calls: a count over the cap is not one call of the remainder', async () => {
    const counts = await callsDuring(() => hashSecret(PIN, 2 * MAX_CALL_ITERATIONS + 5));
    expect(counts).toEqual([MAX_CALL_ITERATIONS, MAX_CALL_ITERATIONS, 5]);
  }, 60_000);

  it('verifies with the count stored in the hash, not the current default', async () => {
    const stored = await hashSecret(PIN, 2_000);
    const rewritten = stored.replace('$2000$', '$2001$');
    expect(await verifySecret(PIN, rewritten)).toBe(false);
  });

  it('still verifies hashes of the old single-call format, and asks for them to be replaced', async () => {
    const old = await legacyHash(PIN, FAST);
    expect(await verifySecret(PIN, old)).toBe(true);
    expect(await verifySecret('000000', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashSecret(PIN, FAST), FAST)).toBe(false);
    expect(needsRehash(await hashSecret(PIN, FAST), 2 * FAST)).toBe(true);
  });

  it('verifies an old 210,000-iteration hash without a native call over the cap', async () => {
    const old = await legacyHash(PIN, 210_000);
    const counts = await callsDuring(async () => {
      expect(await verifySecret(PIN, old)).toBe(true);
    });
    expect(counts.filter((c) => c > MAX_CALL_ITERATIONS)).toEqual([]);
  }, 60_000);

  it('matches nothing with the dummy hash or a malformed one', async () => {
    for (const secret of [PIN, '1357', '', 'airload-demo']) {
      expect(await verifySecret(secret, dummyHash(FAST))).toBe(false);
    }
    for (const stored of [
      '',
      PIN,
      'plain$1000$abc$def',
      'pbkdf2-sha256$1000$$',
      'pbkdf2-sha256-chain$0$AAAA$AAAA',
      'pbkdf2-sha256-chain$1e9x$AAAA$AAAA',
    ]) {
      expect(await verifySecret(PIN, stored)).toBe(false);
    }
  });
});
