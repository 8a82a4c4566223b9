import { describe, expect, it } from 'vitest';
import { runReconciliation } from './reconciliation';

/**
 * The short version of `npm run chaos reconciliation` (issue 6, scenario 5): 500 sales
 * left `unknown`, settled by the job with its defaults, checked by the same checker.
 * Asserts outcomes, never the time.
 */
describe('reconciliation of 500 unknown sales', () => {
  for (const carrierOverHttp of [false, true]) {
    it(`posts every 902 and voids every 903, carrier ${carrierOverHttp ? 'over HTTP' : 'in-process'}`, async () => {
      const result = await runReconciliation({ sales: 500, carrierOverHttp });
      expect(result.violations).toEqual([]);
      expect({ succeeded: result.succeeded, failed: result.failed }).toEqual({
        succeeded: 250,
        failed: 250,
      });
    }, 60_000);
  }
});
