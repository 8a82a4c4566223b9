import { concurrencyTests } from './concurrency';
import { requestTests } from './requests';
import { settlementTests } from './settlement';
import type { Target } from './target';

export { CARRIER_SLOW_MS, SUITE_ENV, type Target } from './target';

/**
 * The black-box API suite (issue 5), written once against a base URL and a way to run
 * reconciliation, and run against every host: test/edge/*.test.ts. `target` is read
 * when the tests run (their files start the host in beforeAll).
 */
export function apiSuite(target: () => Target) {
  requestTests(target);
  settlementTests(target);
  concurrencyTests(target);
}
