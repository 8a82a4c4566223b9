import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * PIN and password hashing (DESIGN 7, 13): PBKDF2-SHA256 through WebCrypto, so the same
 * code runs on Node and on Workers, with a per-user random salt and the count stored
 * with the hash, so it can be raised without a migration.
 *
 * Cloudflare refuses a PBKDF2 call above 100,000 iterations in production (issue 14
 * item 4), so a hash is a chain of calls of at most MAX_CALL_ITERATIONS each, every
 * call keyed by the previous one's output, until the total count is reached:
 *   `pbkdf2-sha256-chain$<total>$<salt b64>$<hash b64>`
 * Hashes of the earlier format (one call: `pbkdf2-sha256$<count>$<salt>$<hash>`, 210,000
 * until issue 14) still verify, above the cap with a pure-JS PBKDF2 so that they verify
 * on Workers too, and login replaces them (needsRehash).
 */

/** OWASP's figure for PBKDF2-SHA256; KDF_ITERATIONS in worker/env.ts, lowered only by tests. */
export const DEFAULT_ITERATIONS = 600_000;
/** The most one WebCrypto PBKDF2 call may do: Cloudflare's production limit. */
export const MAX_CALL_ITERATIONS = 100_000;

const CHAIN = 'pbkdf2-sha256-chain';
const LEGACY = 'pbkdf2-sha256';
const encoder = new TextEncoder();

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * The one KDF primitive: a WebCrypto PBKDF2-SHA256 call giving 32 bytes. It refuses a
 * count above the cap everywhere, as Workers do in production, so Node tests catch it.
 * An object, so that tests can spy on every call (kdf.test.ts).
 */
export const primitive = {
  async pbkdf2(
    password: Uint8Array<ArrayBuffer>,
    salt: Uint8Array<ArrayBuffer>,
    iterations: number,
  ): Promise<Uint8Array<ArrayBuffer>> {
    if (!(iterations >= 1 && iterations <= MAX_CALL_ITERATIONS))
      throw new Error(`PBKDF2 call of ${iterations} iterations: at most ${MAX_CALL_ITERATIONS}`);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
      key,
      256,
    );
    return new Uint8Array(bits);
  },
};

/** `total` iterations as a chain of calls of at most the cap, each keyed by the last output. */
async function chain(secret: string, salt: Uint8Array<ArrayBuffer>, total: number) {
  let output: Uint8Array<ArrayBuffer> = encoder.encode(secret);
  for (let done = 0; done < total; ) {
    const step = Math.min(MAX_CALL_ITERATIONS, total - done);
    output = await primitive.pbkdf2(output, salt, step);
    done += step;
  }
  return output;
}

/** The earlier single-call format: natively up to the cap, above it in pure JS (Workers refuse it natively). */
function legacy(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  if (iterations <= MAX_CALL_ITERATIONS)
    return primitive.pbkdf2(encoder.encode(secret), salt, iterations);
  return pbkdf2Async(sha256, secret, salt, { c: iterations, dkLen: 32 });
}

export async function hashSecret(secret: string, iterations = DEFAULT_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await chain(secret, salt, iterations);
  return `${CHAIN}$${iterations}$${toB64(salt)}$${toB64(hash)}`;
}

/** Compares in constant time, so the answer's timing does not tell how much matched. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function parse(stored: string) {
  const [scheme, count, salt, hash, ...rest] = stored.split('$');
  const iterations = Number(count);
  if ((scheme !== CHAIN && scheme !== LEGACY) || !salt || !hash || rest.length > 0) return;
  if (!Number.isSafeInteger(iterations) || iterations < 1) return;
  try {
    return { scheme, iterations, salt: fromB64(salt), hash: fromB64(hash) };
  } catch {
    return undefined;
  }
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const derive = parsed.scheme === CHAIN ? chain : legacy;
  return equalBytes(await derive(secret, parsed.salt, parsed.iterations), parsed.hash);
}

/** True when a hash that verified should be replaced: the old format, or a lower count than `iterations`. */
export function needsRehash(stored: string, iterations = DEFAULT_ITERATIONS): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.scheme !== CHAIN || parsed.iterations < iterations;
}

/** A stored hash that matches nothing, verified for unknown users so they take as long as known ones. */
export const dummyHash = (iterations = DEFAULT_ITERATIONS) =>
  `${CHAIN}$${iterations}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
