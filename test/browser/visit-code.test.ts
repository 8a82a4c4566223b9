import { describe, expect, it, onTestFinished } from 'vitest';
import { VISIT_CODE_STEP_MS } from '../../core/visit-code';
import { logIn, RETAILERS } from './support/app';
import { phoneContext } from './support/browser';
import { usePhones } from './support/phones';

/**
 * Issue 9 (DESIGN 10 "Proof of presence"), real Chromium: the shop's visit-code screen
 * on the phone's own clock. (manager.test.ts reads it offline and has the server check it.)
 */

const phones = usePhones();

describe('the shop’s visit code', () => {
  it('counts down each second and shows the next code exactly at the 5-minute boundary', async () => {
    const boundary = Math.floor(Date.now() / VISIT_CODE_STEP_MS) * VISIT_CODE_STEP_MS;
    const context = await phoneContext(phones.browser);
    onTestFinished(() => context.close());
    // The phone's clock runs from two minutes before a boundary (installed before the page
    // loads, so the app's timers all run on it) until the test stops it short of the boundary.
    await context.clock.install({ time: boundary - 120_000 });
    const page = await context.newPage();
    await page.goto(phones.server.url);
    await logIn(page, RETAILERS[0]);
    await page.locator('home-screen [data-testid=open-visit-code]').click();
    const code = page.locator('visit-code-screen [data-testid=visit-code]');
    const countdown = page.locator('visit-code-screen [data-testid=visit-code-countdown]');
    await code.filter({ hasText: /^\d{6}$/ }).waitFor();

    await page.clock.pauseAt(boundary - 2_500);
    await countdown.filter({ hasText: '0:03' }).waitFor();
    const before = await code.textContent();
    expect(before).toMatch(/^\d{6}$/);

    await page.clock.runFor(1_500);
    await countdown.filter({ hasText: '0:01' }).waitFor();
    expect(await code.textContent()).toBe(before);

    await page.clock.runFor(999);
    expect(await countdown.textContent()).toContain('0:01');
    expect(await code.textContent()).toBe(before);

    await page.clock.runFor(1);
    await countdown.filter({ hasText: '5:00' }).waitFor();
    const after = await code.textContent();
    expect(after).toMatch(/^\d{6}$/);
    expect(after).not.toBe(before);
  });
});
