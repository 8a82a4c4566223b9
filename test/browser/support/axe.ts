import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * axe-core on a real page (issues 4 and 9: no serious or critical violation on any
 * screen of the shop or the console), with a screenshot of each screen kept in
 * test-results/screenshots/<folder>/.
 */

const SHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical axe violations of the page as it is now. */
export async function axeFindings(page: Page, screen: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // Only violations come back: the passes of every rule are most of the work otherwise.
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      screen,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Screenshots one screen into `folder` and returns its serious and critical axe violations. */
export async function checkScreen(page: Page, folder: string, screen: string): Promise<Finding[]> {
  mkdirSync(`${SHOTS}${folder}`, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS}${folder}/${screen}.png`, fullPage: true });
  return axeFindings(page, screen);
}
