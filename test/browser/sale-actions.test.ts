import { describe, expect, it } from 'vitest';
import { RETAILERS, receiptStatus, sell, textOf } from './support/app';
import { usePhones } from './support/phones';

/** Issues 4 and 12, the receipt and the dispute: what a shopkeeper does with a sale once it is made. */

const phones = usePhones();
const openLoggedIn = (phone: string) =>
  phones.openLoggedIn(phone, { permissions: ['clipboard-read', 'clipboard-write'] });

describe('a sale after it is made', () => {
  it('sends the receipt by SMS to the customer and shares it as text', async () => {
    const page = await openLoggedIn(RETAILERS[2]);
    await sell(page, '0712345678', '120');
    await receiptStatus(page, 'succeeded');

    await page.locator('receipt-screen button', { hasText: 'Send by SMS' }).click();
    await page
      .locator('[data-testid=receipt-note]')
      .filter({ hasText: 'Receipt sent by SMS to +254712345678' })
      .waitFor();
    expect(phones.server.host.output()).toMatch(
      /sms sms-sim-[\w-]+ to \+254712345678: Airload: KES 120\.00/,
    );

    await page.locator('receipt-screen button', { hasText: 'Share receipt' }).click();
    // Chromium here has no share sheet: the text goes to the clipboard, or on screen to copy.
    const copied = page
      .locator('[data-testid=receipt-note]')
      .filter({ hasText: 'Receipt copied.' });
    const shown = page.locator('receipt-screen textarea');
    await copied.or(shown).waitFor();
    const text = (await copied.count())
      ? await page.evaluate(() => navigator.clipboard.readText())
      : await shown.inputValue();
    expect(text).toContain('Demo Shop 103');
    expect(text).toContain('+254712345678');
    expect(text).toContain(await textOf(page, '[data-testid=receipt-ref]'));
  });

  it('opens a dispute on a sale, with the number read back, lists it as open, and withdraws it', async () => {
    const page = await openLoggedIn(RETAILERS[2]);
    await sell(page, '0712345670', '80');
    await receiptStatus(page, 'succeeded');

    await page.locator('receipt-screen a', { hasText: 'Details' }).click();
    await page.locator('dispute-form [data-testid=open-dispute]').click();
    await page.locator('dispute-form input[value=wrong_number]').check();
    await page.locator('dispute-form #dispute-note').fill('The customer gave the wrong number');
    await page.locator('dispute-form button[type=submit]').click();
    expect(await textOf(page, 'dispute-form [data-testid=dispute-number]')).toBe('+254712345670');
    await page.locator('dispute-form [data-testid=send-dispute]').click();
    // A credited sale's dispute waits for a person (issue 12): open, and no second one.
    await page
      .locator('sale-detail [data-testid=sale-disputes] dispute-badge[status=open]')
      .waitFor();
    await page.locator('sale-detail [data-testid=dispute-open]').waitFor();
    expect(await page.locator('dispute-form').count()).toBe(0);

    await page.goto(new URL('#/disputes', page.url()).href);
    await page
      .locator('disputes-screen li[data-status=open]')
      .filter({ hasText: '+254712345670' })
      .waitFor();
  });
});
