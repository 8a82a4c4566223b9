import { describe, expect, it } from 'vitest';
import { chaosSeed, seededRandom } from './seed';

describe('chaos seed (issue 14 item 10)', () => {
  it('gives the same sequence of choices for the same seed', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => Math.floor(random() * 1_000));
    };
    expect(draw(12_345)).toEqual(draw(12_345));
    expect(draw(12_345)).not.toEqual(draw(12_346));
    for (const x of draw(7)) expect(x).toBeGreaterThanOrEqual(0);
    for (const x of draw(7)) expect(x).toBeLessThan(1_000);
  });

  it('takes the seed from CHAOS_SEED and refuses a bad one', () => {
    expect(chaosSeed('42')).toBe(42);
    expect(() => chaosSeed('x')).toThrow(/CHAOS_SEED/);
    expect(Number.isInteger(chaosSeed(undefined))).toBe(true);
  });
});
