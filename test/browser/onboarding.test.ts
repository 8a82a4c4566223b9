import { describe, expect, it } from 'vitest';
import { PIN } from './support/app';
import { phoneContext } from './support/browser';
import { STAFF_PASSWORD } from './support/console';
import { usePhones } from './support/phones';

/**
 * Issue 11 in real Chromium: the admin onboards a retailer under the demo distributor in
 * the console and reads its one-time PIN; the retailer logs in with it in the shop's PWA
 * and asks for stock; the demo distributor approves it in the console; the retailer's
 * balance shows it.
 */

const phones = usePhones();
const ADMIN = 'admin@demo.airload';
const NEW_SHOP = '0711 555 101';
const DISTRIBUTOR = '0700000201';

describe('onboarding in the console', () => {
  it('onboards a retailer whose one-time PIN logs in in the shop, and its stock request is approved by the distributor', async () => {
    const url = phones.server.url;
    const consoleContext = await phoneContext(phones.browser);
    let pin: string;
    try {
      const page = await consoleContext.newPage();
      await page.goto(`${url}/console/`);
      await page.locator('console-login #email').fill(ADMIN);
      await page.locator('console-login #password').fill(STAFF_PASSWORD);
      await page.locator('console-login button[type=submit]').click();
      await page.locator('console-app nav a[href$="/console/users"]').click();
      await page.locator('admin-users table[data-testid=users] tbody tr').first().waitFor();

      const form = page.locator('admin-onboard form');
      await form.locator('#role').selectOption('retailer');
      await form.locator('#name').fill('Mama Njeri Shop');
      await form.locator('#phone').fill(NEW_SHOP);
      await form.locator('#region').selectOption({ label: 'Demo' });
      await form
        .locator('#distributor')
        .selectOption({ label: 'Demo Distributor (+254700000201)' });
      await form.locator('button[type=submit]').click();

      const secret = page.locator('admin-onboard secret-once [data-testid=secret]');
      await secret.waitFor();
      pin = (await secret.textContent())?.trim() ?? '';
      expect(pin).toMatch(/^\d{6}$/);
      await expect
        .poll(() => page.locator('admin-onboard secret-once strong').textContent())
        .toContain('+254711555101');
      // Shown once: dismissed, it is gone.
      await page.locator('admin-onboard secret-once button').click();
      await secret.waitFor({ state: 'detached' });
      await page.locator('admin-users #q').fill('Mama Njeri');
      await page.locator('admin-users form[role=search] button[type=submit]').click();
      await expect
        .poll(() => page.locator('admin-users tbody tr').allTextContents())
        .toEqual([expect.stringContaining('+254711555101')]);
    } finally {
      await consoleContext.close();
    }

    const shop = await phoneContext(phones.browser);
    try {
      const page = await shop.newPage();
      await page.goto(url);
      await page.locator('#phone').fill(NEW_SHOP);
      await page.locator('#pin').fill(pin);
      await page.locator('login-screen button[type=submit]').click();
      const available = page.locator('home-screen [data-testid=available]');
      await available.filter({ hasText: /\d/ }).waitFor();
      // A new outlet's wallet is empty.
      expect(await available.textContent()).toContain('0.00');

      await page.locator('home-screen [data-testid=open-stock]').click();
      await page.locator('stock-screen [data-testid=stock-amount]').fill('2500');
      await page.locator('stock-screen [data-testid=stock-note]').fill('first stock');
      await page.locator('stock-screen [data-testid=ask-stock]').click();
      await page
        .locator('[data-testid=stock-status]')
        .filter({ hasText: 'Waiting for your distributor' })
        .waitFor();

      const desk = await phoneContext(phones.browser);
      try {
        const queue = await desk.newPage();
        await queue.goto(`${url}/console/`);
        await queue.locator('console-login [data-testid=as-distributor]').click();
        await queue.locator('console-login #phone').fill(DISTRIBUTOR);
        await queue.locator('console-login #pin').fill(PIN);
        await queue.locator('console-login button[type=submit]').click();
        await queue.locator('distributor-retailers [data-testid=retailers]').waitFor();
        await queue.locator('console-app nav a[href="/console/requests"]').click();
        const row = queue
          .locator('stock-request-queue tr[data-testid=request]')
          .filter({ hasText: 'first stock' });
        await row.locator('[data-testid=approve]').click();
        await row.locator('[data-testid=answer]').filter({ hasText: 'Approved' }).waitFor();
      } finally {
        await desk.close();
      }

      await page.reload();
      await page
        .locator('[data-testid=stock-status]')
        .filter({ hasText: 'Approved: in your wallet' })
        .waitFor();
      await page.locator('nav a[href="#/"]').click();
      await available.filter({ hasText: '2,500.00' }).waitFor();
    } finally {
      await shop.close();
    }
  }, 120_000);
});
