import { describe, expect, it } from 'vitest';
import { runGrowth } from './growth';

/**
 * The short "growth" scenario (issue 6): the same growth and the same statement walk as
 * `npm run chaos growth`, at 1,000 and 50,000 transfers. Correctness only: the first
 * statement page is right, the pages join up into exactly the wallet's transfers, and
 * the ledger is sound. No timing is asserted (figures come from the long run).
 */
describe('chaos: growth (short)', () => {
  it('keeps the statement right and the ledger sound from 1,000 to 50,000 transfers', async () => {
    const result = await runGrowth({
      sizes: [1_000, 50_000],
      retailers: 50,
      saleSeconds: 0,
      rounds: 0,
      pageRuns: 5,
    });
    const [small, large] = result.sizes;
    expect(small?.transfers).toBeGreaterThanOrEqual(1_000);
    expect(large?.transfers).toBeGreaterThanOrEqual(50_000);
    expect(small?.pageProblems).toEqual([]);
    expect(large?.pageProblems).toEqual([]);
    // The busy wallet has one sale in 20 of ~16,000: many pages of 20 to join up.
    expect(large?.pagesWalked).toBeGreaterThan(20);
    expect(large?.plan).toContain('transfers_debit');
    expect(result.violations).toEqual([]);
  }, 120_000);
});
