/**
 * One seeded source for every random choice of the chaos scenarios (issue 14 item 10),
 * so a failing run can be replayed: the seed is printed, and `CHAOS_SEED=<n>` reuses it.
 */

/** mulberry32: a small 32-bit PRNG, uniform in [0, 1), the same sequence for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The run's seed: CHAOS_SEED when set, else a fresh one. */
export function chaosSeed(value = process.env.CHAOS_SEED): number {
  if (value === undefined || value === '') return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new Error(`CHAOS_SEED must be an integer in [0, 2^32): ${value}`);
  return seed;
}

export const CHAOS_SEED = chaosSeed();
console.error(`chaos seed ${CHAOS_SEED} (replay with CHAOS_SEED=${CHAOS_SEED})`);

/** The chaos runs' Math.random: every scenario draws from this one sequence. */
export const random = seededRandom(CHAOS_SEED);
