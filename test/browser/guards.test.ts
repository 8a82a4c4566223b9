import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Api, enterSale, RETAILERS, receiptStatus, sell, textOf } from './support/app';
import { goOffline, goOnline, serviceWorkerControls } from './support/browser';
import { usePhones } from './support/phones';

/** Issue 4, browser test 5: the checks made on the phone before a sale is queued. */

const phones = usePhones();
const { openLoggedIn } = phones;

const queuedItems = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('airload');
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () =>
            resolve(all.result.filter((i: { state: string }) => i.state === 'queued').length);
        };
      }),
  );

describe('sell screen checks', () => {
  it('asks before selling the same number and amount again within ten minutes', async () => {
    const page = await openLoggedIn(RETAILERS[0]);
    await sell(page, '0712345678', '50');
    await receiptStatus(page, 'succeeded');

    await page.goto(`${phones.server.url}/#/sell`);
    await enterSale(page, '0712 345 678', '50');
    const warning = page.locator('[data-testid=repeat-warning]');
    await warning.waitFor();
    expect(await textOf(page, '[data-testid=repeat-warning]')).toMatch(
      /KES\s50\.00 to this number/,
    );
    expect(await textOf(page, '[data-testid=confirm-sale]')).toBe('Yes, sell again');

    // Another amount is no repeat.
    await page.locator('sell-screen button', { hasText: 'Change' }).click();
    await enterSale(page, '0712345678', '55');
    await page.locator('[data-testid=confirm-amount]').filter({ hasText: '55.00' }).waitFor();
    expect(await warning.count()).toBe(0);
    expect(await textOf(page, '[data-testid=confirm-sale]')).toBe('Confirm sale');
  });

  it('refuses on the phone an invalid number or an amount outside the limits', async () => {
    const page = await openLoggedIn(RETAILERS[0]);
    await page.goto(`${phones.server.url}/#/sell`);
    const problem = page.locator('[data-testid=sell-problem]');
    await enterSale(page, '0712', '100');
    await problem.filter({ hasText: 'not a valid mobile number' }).waitFor();
    await enterSale(page, '0712345678', '4');
    await problem.filter({ hasText: /smallest sale is KES\s5\.00/ }).waitFor();
    await enterSale(page, '0712345678', '10001');
    await problem.filter({ hasText: /largest sale is KES\s10,000\.00/ }).waitFor();
    expect(await queuedItems(page)).toBe(0);
  });

  it('never lets the queued total pass the last known available balance', async () => {
    const api = await Api.login(phones.server.url, RETAILERS[1]);
    await api.drainTo(15_000);
    const page = await openLoggedIn(RETAILERS[1]);
    expect(await textOf(page, '[data-testid=available]')).toMatch(/150\.00/);
    await serviceWorkerControls(page);
    await goOffline(phones.context);

    await sell(page, '0712345601', '100');
    await receiptStatus(page, 'queued');
    await page.goto(`${phones.server.url}/#/sell`);
    await enterSale(page, '0712345602', '60');
    await page
      .locator('[data-testid=sell-problem]')
      .filter({ hasText: /sell up to KES\s50\.00/ })
      .waitFor();
    expect(await queuedItems(page)).toBe(1);

    await enterSale(page, '0712345602', '50');
    await page.locator('[data-testid=confirm-sale]').click();
    await receiptStatus(page, 'queued');
    expect(await queuedItems(page)).toBe(2);

    await goOnline(phones.context);
    await receiptStatus(page, 'succeeded');
    await expect.poll(() => api.available()).toBe(0);
    const mine = (await api.sales()).filter((s) => s.msisdn.startsWith('+2547123456'));
    expect(mine.map((s) => s.amount).sort((a, b) => a - b)).toEqual([5_000, 10_000]);
  });
});
