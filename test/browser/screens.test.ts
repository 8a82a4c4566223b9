import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { enterSale, logIn, PIN, RETAILERS, receiptStatus, sell, textOf } from './support/app';
import { checkScreen, type Finding } from './support/axe';
import { goOffline, phoneContext, serviceWorkerControls } from './support/browser';
import { usePhones } from './support/phones';

/**
 * Issue 4, browser tests 6 and 7: every screen in both languages passes axe-core with
 * no serious or critical violation, and is kept as a screenshot in
 * test-results/screenshots/<locale>/.
 */

const phones = usePhones();

/** Goes through every screen in its own context (closed at the end: the languages run side by side). */
async function everyScreen(
  locale: 'en' | 'zh-CN',
  phone: string,
  atTheEnd: (page: Page) => Promise<void> = async () => {},
): Promise<Finding[]> {
  const context = await phoneContext(phones.browser, { locale });
  try {
    return await screens(await context.newPage(), locale, phone, atTheEnd);
  } finally {
    await context.close();
  }
}

async function screens(
  page: Page,
  locale: 'en' | 'zh-CN',
  phone: string,
  atTheEnd: (page: Page) => Promise<void>,
): Promise<Finding[]> {
  const context = page.context();
  const findings: Finding[] = [];
  const shot = async (screen: string) =>
    findings.push(...(await checkScreen(page, locale, screen)));

  await page.goto(phones.server.url);
  await page.locator('login-screen #phone').waitFor();
  await shot('01-login');
  await logIn(page, phone);
  await serviceWorkerControls(page);

  await page.goto(`${phones.server.url}/#/sell`);
  await page.locator('#msisdn').fill('0712345678');
  await page.locator('#amount').fill('100');
  await page.locator('[data-testid=operator]').filter({ hasText: 'Safaricom' }).waitFor();
  await shot('02-sell');
  await page.locator('sell-screen button[type=submit]').click();
  await page.locator('[data-testid=confirm-sale]').click();
  await receiptStatus(page, 'succeeded');
  await shot('03-receipt');

  await page.goto(`${phones.server.url}/#/sell`);
  await enterSale(page, '0712345678', '100');
  await page.locator('[data-testid=repeat-warning]').waitFor();
  await shot('04-confirm-repeat');
  await page.goto(`${phones.server.url}/#/`);

  await sell(page, '0712345901', '20');
  await receiptStatus(page, 'failed');
  await shot('05-receipt-failed');

  await page.goto(`${phones.server.url}/#/history`);
  await page.locator('[data-testid=history-list] li').nth(1).waitFor();
  await shot('06-history');
  await page.locator('[data-testid=history-list] a').last().click();
  await page.locator('sale-detail status-badge[status=succeeded]').waitFor();
  await page.locator('sale-detail button.secondary').click();
  await page.locator('sale-detail button.danger').waitFor();
  await shot('07-sale-detail');

  await page.goto(`${phones.server.url}/#/commission`);
  await page.locator('[data-testid=commission-month]').filter({ hasText: /6\.00/ }).waitFor();
  await shot('08-commission');

  await page.goto(`${phones.server.url}/#/`);
  await page.locator('[data-testid=today-count]').filter({ hasText: /1/ }).waitFor();
  await shot('09-home');

  await page.locator('[data-testid=lock]').click();
  await page.locator('lock-screen #unlock-pin').waitFor();
  await shot('10-lock');
  await page.locator('#unlock-pin').fill(PIN);
  await page.locator('lock-screen button[type=submit]').click();
  await page.locator('lock-screen').waitFor({ state: 'detached' });

  await goOffline(context);
  await sell(page, '0712345602', '30');
  await receiptStatus(page, 'queued');
  await shot('11-receipt-queued');
  await page.goto(`${phones.server.url}/#/`);
  await page.locator('[data-testid=queued-total]').waitFor();
  await shot('12-home-offline');
  await page.locator('home-screen [data-testid=open-visit-code]').click();
  await page
    .locator('visit-code-screen [data-testid=visit-code]')
    .filter({ hasText: /^\d{6}$/ })
    .waitFor();
  await shot('13-visit-code-offline');
  // Asking the distributor for stock offline (issue 11): the form, then the queued request.
  await page.goto(`${phones.server.url}/#/stock`);
  await page.locator('stock-screen [data-testid=stock-amount]').waitFor();
  await shot('14-stock-form');
  await page.locator('stock-screen [data-testid=stock-amount]').fill('2500');
  await page.locator('stock-screen [data-testid=ask-stock]').click();
  await page.locator('stock-screen [data-testid=stock-waiting]').waitFor();
  await shot('15-stock-queued');
  await page.goto(`${phones.server.url}/#/`);
  await page.locator('home-screen [data-testid=queued-total]').waitFor();
  await atTheEnd(page);
  return findings;
}

// The two languages go through the screens side by side: different shops, own contexts.
describe('every screen', () => {
  it.concurrent('passes axe in English, with a screenshot of each', async () => {
    expect(await everyScreen('en', RETAILERS[0])).toEqual([]);
  });

  it.concurrent('passes axe in Simplified Chinese, with a screenshot of each', async () => {
    const findings = await everyScreen('zh-CN', RETAILERS[1], async (page) => {
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await textOf(page, 'home-screen a.sell')).toBe('销售话费');
    });
    expect(findings).toEqual([]);
  });

  it('switches language from the header and keeps the choice after a reload', async () => {
    const context = await phoneContext(phones.browser);
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(phones.server.url);
    await page.locator('login-screen h1').filter({ hasText: 'Log in' }).waitFor();
    await page.locator('[data-testid=language]').click();
    await page.locator('login-screen h1').filter({ hasText: '登录' }).waitFor();
    await page.reload();
    await page.locator('login-screen h1').filter({ hasText: '登录' }).waitFor();
    await page.locator('[data-testid=language]').click();
    await page.locator('login-screen h1').filter({ hasText: 'Log in' }).waitFor();
  });
});
