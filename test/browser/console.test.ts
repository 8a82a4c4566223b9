import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PIN, textOf } from './support/app';
import { axeFindings } from './support/axe';
import { phoneContext } from './support/browser';
import { usePhones } from './support/phones';

/**
 * Issue 9 step 1: the console at /console/, its own page and service worker beside the
 * shop's; staff log in by email, distributors by phone and PIN; the shop sends a
 * distributor there.
 */

const phones = usePhones();
const MANAGER = { email: 'manager@demo.airload', password: 'airload-demo' };
const DISTRIBUTOR = '0700000201';

async function openPhone(path: string): Promise<Page> {
  const context = await phoneContext(phones.browser);
  onTestFinished(() => context.close());
  const page = await context.newPage();
  await page.goto(`${phones.server.url}${path}`);
  return page;
}

describe('the console', () => {
  it('answers every /console/ screen with its own page, not the shop', async () => {
    for (const path of ['/console/', '/console', '/console/outlets/u-ret-101?flag=x']) {
      const res = await fetch(`${phones.server.url}${path}`);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('<console-app>');
      expect(page).not.toContain('<airload-app>');
    }
    expect((await fetch(`${phones.server.url}/console/nothing.js`)).status).toBe(404);
  });

  it('logs a manager in by email, lists the outlets in scope, and logs out', async () => {
    const page = await openPhone('/console/');
    await page.locator('console-login #email').waitFor();
    expect(await axeFindings(page, 'console')).toEqual([]);
    await page.locator('#email').fill(MANAGER.email);
    await page.locator('#password').fill(MANAGER.password);
    await page.locator('console-login button[type=submit]').click();
    // A manager's home is its outlet list (web/console/manager), cards on a phone.
    const table = page.locator('outlet-list').filter({ hasText: 'Demo Shop 101' });
    await table.waitFor();
    expect(await axeFindings(page, 'console')).toEqual([]);
    // The console's own service worker, at its own scope.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(
      /\/console\/sw\.js$/,
    );
    // A deep link reloads into the same screen, logged in.
    await page.goto(`${phones.server.url}/console/somewhere`);
    await table.waitFor();
    await page.locator('[data-testid=logout]').click();
    await page.locator('console-login #email').waitFor();
  });

  it('sends a distributor from the shop to the console, where phone and PIN log it in', async () => {
    const page = await openPhone('/');
    await page.locator('login-screen #phone').fill(DISTRIBUTOR);
    await page.locator('login-screen #pin').fill(PIN);
    await page.locator('login-screen button[type=submit]').click();
    await page.waitForURL(/\/console\/$/);
    await page.locator('console-login [data-testid=as-distributor]').click();
    await page.locator('console-login #phone').fill(DISTRIBUTOR);
    await page.locator('console-login #pin').fill(PIN);
    await page.locator('console-login button[type=submit]').click();
    await page.locator('distributor-retailers [data-testid=retailers]').waitFor();
    expect(await textOf(page, '[data-testid=who]')).toMatch(/\S/);
  });

  it('speaks Chinese when chosen', async () => {
    const page = await openPhone('/console/');
    await page.locator('console-login h1').filter({ hasText: 'Log in' }).waitFor();
    await page.locator('console-app [data-testid=language]').click();
    await page.locator('console-login h1').filter({ hasText: '登录' }).waitFor();
  });
});
