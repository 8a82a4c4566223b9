import { expect, it } from 'vitest';
import { runDuplicates } from './duplicates';

/**
 * The short version of `npm run chaos duplicates` (issue 6, scenario 3): the same run and
 * checks at 500 sales against a real Node host. Asserts invariants and counts, never speed.
 */
it('gives each of 500 keys exactly one sale under resends and hot-wallet contention', async () => {
  const report = await runDuplicates({ sales: 500, concurrency: 32 });
  expect(report.violations).toEqual([]);
  const figure = (name: string) => report.figures.find(([n]) => n === name)?.[1];
  expect(figure('keys (sales)')).toBe(500);
  expect(figure('201 first answers')).toBe(500);
  expect(figure('other answers')).toBe(0);
  // 50 keys as 3 parallel copies, 100 sent again later: 700 requests in all.
  expect(figure('requests sent')).toBe(700);
}, 120_000);
