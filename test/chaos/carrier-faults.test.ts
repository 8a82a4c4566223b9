import { afterAll, describe, expect, it } from 'vitest';
import { runCarrierFaults, SHORT } from './carrier-faults';
import { Teardown } from './outbox-load';

/**
 * The short version of `npm run chaos carrier-faults` (issue 6): the same run and checks,
 * a 3 s carrier outage and a small batch of late answers.
 */

const teardown = new Teardown();
afterAll(() => teardown.run());

describe('a carrier that goes away and then answers late, under sales load', () => {
  it('ends every sale final, charging exactly what the carrier delivered', async () => {
    const report = await runCarrierFaults(SHORT, teardown);
    expect(report.violations).toEqual([]);
  }, 150_000);
});
