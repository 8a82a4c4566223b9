import { afterAll, describe, expect, it } from 'vitest';
import { runCrash, SHORT } from './crash';
import { Teardown } from './outbox-load';

/** The short version of `npm run chaos crash` (issue 6): the same run and checks, 3 kills. */

const teardown = new Teardown();
afterAll(() => teardown.run());

describe('a host killed again and again under sales load', () => {
  it('keeps every acknowledged sale once, final and as the carrier has it', async () => {
    const report = await runCrash(SHORT, teardown);
    expect(report.violations).toEqual([]);
    const acknowledged = report.figures.find(([name]) => name.startsWith('sales acknowledged'));
    expect(Number(acknowledged?.[1])).toBeGreaterThan(0);
  }, 120_000);
});
