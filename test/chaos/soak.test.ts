import { describe, expect, it } from 'vitest';
import { runSoak } from './soak';

/**
 * The short "soak" scenario (issue 6): the same mixed load as `npm run chaos soak`
 * (sales, reads, reversals, logins) for 20 s. Asserts no 5xx or network error and a
 * ledger that agrees with the carrier's record; memory and latency are only reported
 * by the long run.
 */
describe('chaos: soak (short)', () => {
  it('serves 20 s of mixed load without a 5xx and leaves a sound ledger', async () => {
    const result = await runSoak({ seconds: 20, workers: 4 });
    expect(result.errors).toEqual([]);
    expect(result.errorCount).toBe(0);
    expect(result.byOp.sale).toBeGreaterThan(0);
    expect(result.violations).toEqual([]);
  }, 120_000);
});
