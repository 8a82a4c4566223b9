import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RETAILERS } from './support/app';
import { usePhones } from './support/phones';

/**
 * Issue 4: a new service worker waits and asks before taking over, and never reloads
 * the page in the middle of a sale. A new version is made by changing the served
 * sw.js (the host reads web/dist on each request); the file is put back afterwards.
 */

const SW = fileURLToPath(new URL('../../web/dist/sw.js', import.meta.url));

const phones = usePhones();

describe('a new version', () => {
  it('waits, asks, refuses during a sale, and takes over when the shopkeeper agrees', async () => {
    const page = await phones.openLoggedIn(RETAILERS[0], { installed: true });
    const firstVersion = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);

    const original = readFileSync(SW, 'utf8');
    try {
      writeFileSync(SW, `${original}\n// next version\n`);
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration?.update();
      });
      const banner = page.locator('update-banner button', { hasText: 'Update now' });
      await banner.waitFor();

      // A sale being entered: the update must not reload the page.
      await page.locator('nav a[href="#/sell"]').click();
      await page.locator('#msisdn').fill('0712345678');
      let reloaded = false;
      page.once('load', () => {
        reloaded = true;
      });
      await banner.click();
      await page
        .locator('update-banner [role=status]')
        .filter({ hasText: 'Finish the sale' })
        .waitFor();
      expect(reloaded).toBe(false);
      expect(await page.locator('#msisdn').inputValue()).toBe('0712345678');

      // Sale abandoned: now it takes over and reloads once.
      await page.locator('sell-screen a', { hasText: 'Cancel' }).click();
      await page.locator('home-screen').waitFor();
      const load = page.waitForEvent('load');
      await banner.click();
      await load;
      await page.locator('home-screen [data-testid=available]').filter({ hasText: /\d/ }).waitFor();
      const waiting = await page.evaluate(
        async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null,
      );
      expect(waiting).toBeNull();
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
        firstVersion,
      );
    } finally {
      writeFileSync(SW, original);
    }
  });
});
