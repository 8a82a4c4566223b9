import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';

/**
 * The shop's visit code (DESIGN 10 "Proof of presence"): six digits that change every
 * five minutes, derived from the outlet's secret and the time the way TOTP (RFC 6238)
 * derives its codes, with HMAC-SHA256. Pure, so both phones compute it offline: the
 * shop's PWA shows it, the server checks what the manager typed in.
 */

/** One code lasts this long. */
export const VISIT_CODE_STEP_MS = 5 * 60_000;
export const VISIT_CODE_DIGITS = 6;
/** Codes of this many steps either side of now are accepted too: the phones' clocks drift. */
export const VISIT_CODE_SKEW_STEPS = 1;

/** The time step an instant falls in. */
export const visitCodeStep = (ms: number): number => Math.floor(ms / VISIT_CODE_STEP_MS);

function codeForStep(secret: Uint8Array, step: number): string {
  // RFC 4226: the counter as 8 big-endian bytes, then dynamic truncation.
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(step));
  const mac = hmac(sha256, secret, counter);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    (mac[offset + 1]! << 16) |
    (mac[offset + 2]! << 8) |
    mac[offset + 3]!;
  return String(binary % 10 ** VISIT_CODE_DIGITS).padStart(VISIT_CODE_DIGITS, '0');
}

/** The secret is hex (as stored in `users.visit_secret`). */
const secretBytes = (secretHex: string): Uint8Array => hexToBytes(secretHex);

/** The code the shop shows at `ms`. */
export const visitCode = (secretHex: string, ms: number): string =>
  codeForStep(secretBytes(secretHex), visitCodeStep(ms));

/** Milliseconds until the code shown at `ms` changes (for the shop's countdown). */
export const visitCodeExpiresIn = (ms: number): number =>
  (visitCodeStep(ms) + 1) * VISIT_CODE_STEP_MS - ms;

/** Whether `code` is the outlet's code at `ms`, or one step before or after it. */
export function checkVisitCode(secretHex: string, code: string, ms: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const secret = secretBytes(secretHex);
  const step = visitCodeStep(ms);
  for (let d = -VISIT_CODE_SKEW_STEPS; d <= VISIT_CODE_SKEW_STEPS; d++) {
    if (step + d >= 0 && codeForStep(secret, step + d) === code) return true;
  }
  return false;
}
