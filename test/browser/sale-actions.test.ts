import { describe, expect, it } from 'vitest';
import { Api, RETAILERS, receiptStatus, sell, textOf } from './support/app';
import { usePhones } from './support/phones';

/** Issue 4, the receipt and the dispute: what a shopkeeper does with a sale once it is made. */

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

  it('reverses a succeeded sale on request and gives the money back', async () => {
    const page = await openLoggedIn(RETAILERS[2]);
    const api = await Api.login(phones.server.url, RETAILERS[2]);
    await sell(page, '0712345670', '80');
    await receiptStatus(page, 'succeeded');
    const before = await api.available();

    await page.locator('receipt-screen a', { hasText: 'Details' }).click();
    await page.locator('sale-detail button', { hasText: 'Request reversal' }).click();
    await page.locator('sale-detail button', { hasText: 'Yes, request reversal' }).click();
    await page.locator('sale-detail status-badge[status=reversed]').waitFor();
    expect(await api.available()).toBe(before + 8_000);
    const [reversed] = (await api.sales()).filter((s) => s.msisdn === '+254712345670');
    expect(reversed?.status).toBe('reversed');
  });
});
