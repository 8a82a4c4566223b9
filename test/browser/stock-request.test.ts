import { describe, expect, it } from 'vitest';
import { Api, PIN, RETAILERS, textOf } from './support/app';
import { goOffline, goOnline, phoneContext } from './support/browser';
import { usePhones } from './support/phones';

/**
 * Issue 11 in real Chromium against the real host: a retailer asks its distributor for
 * stock in the shop's PWA (offline first: queued with its key, sent when the connection
 * returns), the distributor approves it in the console, and the retailer's balance shows it.
 */

const phones = usePhones();
const DISTRIBUTOR = '0700000201';

describe('a stock request from the shop to the console', () => {
  it('is queued offline, approved by the distributor, and shows in the retailer’s balance', async () => {
    const shop = await phones.openLoggedIn(RETAILERS[2], { installed: true });
    const retailer = await Api.login(phones.server.url, RETAILERS[2]);
    const before = await retailer.available();

    await shop.locator('home-screen [data-testid=open-stock]').click();
    await shop.locator('stock-screen [data-testid=stock-amount]').waitFor();
    await goOffline(phones.context);
    await shop.locator('[data-testid=stock-amount]').fill('2500');
    await shop.locator('[data-testid=stock-note]').fill('market day');
    await shop.locator('[data-testid=ask-stock]').click();
    await shop.locator('[data-testid=stock-status]').filter({ hasText: 'Queued' }).waitFor();
    await shop.reload();
    await shop.locator('[data-testid=stock-status]').filter({ hasText: 'Queued' }).waitFor();
    expect(await shop.locator('[data-testid=stock-waiting]').count()).toBe(1);

    await goOnline(phones.context);
    await shop
      .locator('[data-testid=stock-status]')
      .filter({ hasText: 'Waiting for your distributor' })
      .waitFor();

    const consoleContext = await phoneContext(phones.browser);
    try {
      const desk = await consoleContext.newPage();
      await desk.goto(`${phones.server.url}/console/`);
      await desk.locator('console-login [data-testid=as-distributor]').click();
      await desk.locator('console-login #phone').fill(DISTRIBUTOR);
      await desk.locator('console-login #pin').fill(PIN);
      await desk.locator('console-login button[type=submit]').click();
      await desk.locator('distributor-retailers [data-testid=retailers]').waitFor();
      await desk.locator('console-app nav a[href="/console/requests"]').click();
      const row = desk.locator('stock-request-queue tr[data-testid=request]').filter({
        hasText: 'market day',
      });
      await row.locator('[data-testid=approve]').click();
      await row.locator('[data-testid=answer]').filter({ hasText: 'Approved' }).waitFor();
    } finally {
      await consoleContext.close();
    }

    expect(await retailer.available()).toBe(before + 250_000);
    await shop.reload();
    await shop
      .locator('[data-testid=stock-status]')
      .filter({ hasText: 'Approved: in your wallet' })
      .waitFor();
    await shop.locator('nav a[href="#/"]').click();
    await shop
      .locator('home-screen [data-testid=available]')
      .filter({
        hasText: new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(
          (before + 250_000) / 100,
        ),
      })
      .waitFor();
    expect(await textOf(shop, '[data-testid=available]')).toContain(
      new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format((before + 250_000) / 100),
    );
  }, 120_000);
});
