import { describe, expect, it, onTestFinished } from 'vitest';
import { formatMoney } from '../../core/money';
import { Api, RETAILERS, receiptStatus, sell, textOf } from './support/app';
import { goOffline, goOnline, phoneContext } from './support/browser';
import { logInConsole } from './support/console';
import { usePhones } from './support/phones';

/**
 * Issue 12, real Chromium against the real host: the shop disputes a sale OFFLINE (the
 * dispute waits in its outbox with its own key), it is sent when the connection returns,
 * the regional manager refunds it in the console, and the shop's balance and receipt
 * show the refund.
 */

const phones = usePhones();

interface DisputeView {
  id: string;
  sale_id: string;
  status: string;
  reason: string;
  note: string | null;
}

/** The shop's disputes as the server has them. */
async function serverDisputes(api: Api): Promise<DisputeView[]> {
  const res = await fetch(`${phones.server.url}/api/v1/disputes`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  return ((await res.json()) as { items: DisputeView[] }).items;
}

describe('a dispute from the shop to the manager', () => {
  it('is opened offline, sent when back online, refunded in the console, and the shop sees the money back', async () => {
    const page = await phones.openLoggedIn(RETAILERS[0], { installed: true });
    const api = await Api.login(phones.server.url, RETAILERS[0]);
    const key = await sell(page, '0712345678', '100');
    await receiptStatus(page, 'succeeded');
    const saleId = await textOf(page, '[data-testid=receipt-ref]');
    const before = await api.available();

    await goOffline(phones.context);
    await page.locator('receipt-screen a', { hasText: 'Details' }).click();
    await page.locator('dispute-form [data-testid=open-dispute]').click();
    // No reason chosen: the form asks for one.
    await page.locator('dispute-form button[type=submit]').click();
    await page.locator('dispute-form [role=alert]').waitFor();
    await page.locator('dispute-form input[value=not_received]').check();
    await page.locator('dispute-form #dispute-note').fill('No SMS from the operator');
    await page.locator('dispute-form button[type=submit]').click();
    // The customer's number is read back before anything is stored.
    expect(await textOf(page, 'dispute-form [data-testid=dispute-number]')).toBe('+254712345678');
    await page.locator('dispute-form [data-testid=send-dispute]').click();
    await page.locator('sale-detail dispute-badge[status=queued]').waitFor();

    // Queued on the phone, kept across a reload, not on the server yet.
    await page.reload();
    await page.goto(new URL('#/disputes', page.url()).href);
    await page.locator('disputes-screen li[data-status=queued]').waitFor();
    expect(await serverDisputes(api)).toEqual([]);
    // The header counts it as waiting to be sent, as it counts a queued sale.
    expect(await textOf(page, '[data-testid=queued-count]')).toContain('1');

    await goOnline(phones.context);
    await page.locator('disputes-screen li[data-status=open]').waitFor();
    await page.locator('[data-testid=queued-count]').waitFor({ state: 'detached' });
    const [dispute, ...others] = await serverDisputes(api);
    expect(others).toEqual([]);
    expect(dispute).toMatchObject({
      sale_id: saleId,
      reason: 'not_received',
      status: 'open',
      note: 'No SMS from the operator',
    });
    expect(key).not.toBe('');

    // The regional manager refunds it from the region's queue.
    const desk = await phoneContext(phones.browser, { viewport: { width: 1280, height: 900 } });
    onTestFinished(() => desk.close());
    const manager = await desk.newPage();
    await logInConsole(manager, phones.server.url);
    await manager.goto(`${phones.server.url}/console/disputes`);
    const row = manager.locator(`dispute-list tr[data-dispute="${dispute!.id}"]`);
    await row.waitFor();
    await row.locator('a').click();
    await manager
      .locator('dispute-detail [data-testid=carrier-status][data-status=succeeded]')
      .waitFor();
    expect(
      await manager.locator('dispute-detail [data-testid=sale-history] li').count(),
    ).toBeGreaterThan(0);
    await manager.locator('dispute-resolve input[value=refunded]').check();
    // The note is required.
    await manager.locator('dispute-resolve [data-testid=resolve-submit]').click();
    await manager.locator('dispute-resolve [data-testid=resolve-problem]').waitFor();
    await manager.locator('dispute-resolve #resolve-note').fill('Customer showed the operator SMS');
    await manager.locator('dispute-resolve [data-testid=resolve-submit]').click();
    await manager
      .locator('dispute-detail [data-testid=dispute-state] dispute-badge[status=refunded]')
      .waitFor();
    await manager.locator('dispute-detail [data-testid=resolution]').waitFor();
    expect(await api.available()).toBe(before + 10_000);

    // The shop reads its data again: the balance and the receipt show the refund.
    await page.goto(new URL('#/', page.url()).href);
    await page.reload();
    const refunded = formatMoney(before + 10_000, 'KES', 'en').replace(/\s+/g, ' ');
    await expect.poll(() => textOf(page, 'home-screen [data-testid=available]')).toBe(refunded);
    await page.goto(new URL(`#/receipt/${encodeURIComponent(saleId)}`, page.url()).href);
    await page.locator('receipt-screen [data-testid=receipt-refunded]').waitFor();
    await page.goto(new URL('#/disputes', page.url()).href);
    await page.locator('disputes-screen li[data-status=refunded]').waitFor();
  }, 120_000);
});
