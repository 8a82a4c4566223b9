import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Api, RETAILERS, receiptStatus, sell, textOf } from './support/app';
import { goOffline, goOnline } from './support/browser';
import { usePhones } from './support/phones';

/** Issue 4, browser tests 1-4: the app and its outbox in real Chromium against the real host. */

const phones = usePhones();
/** A fresh phone with the app installed (service worker in control) and `phone` logged in. */
const openLoggedIn = (phone: string) => phones.openLoggedIn(phone, { installed: true });

describe('offline PWA', () => {
  it('renders the app and the last known data from the service worker with no network', async () => {
    const page = await openLoggedIn(RETAILERS[0]);
    const available = await textOf(page, '[data-testid=available]');
    expect(available).toMatch(/50,000\.00/);

    await goOffline(phones.context);
    await page.reload();
    await page.locator('[data-testid=connection]').filter({ hasText: 'Offline' }).waitFor();
    expect(await textOf(page, '[data-testid=available]')).toBe(available);
    // A screen that was never opened loads from the precache too.
    await page.locator('nav a[href="#/history"]').click();
    await page.locator('history-screen h1').waitFor();
  });

  it('queues a sale offline, keeps it across a reload, and sends it once when back online', async () => {
    const page = await openLoggedIn(RETAILERS[0]);
    const api = await Api.login(phones.server.url, RETAILERS[0]);
    await goOffline(phones.context);

    const key = await sell(page, '0712345678', '100');
    await receiptStatus(page, 'queued');
    expect(await textOf(page, '[data-testid=queued-count]')).toContain('1');

    await page.reload();
    await receiptStatus(page, 'queued');
    expect(await api.sales()).toEqual([]);

    await goOnline(phones.context);
    await receiptStatus(page, 'succeeded');
    const sales = await api.sales();
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({
      msisdn: '+254712345678',
      amount: 10_000,
      status: 'succeeded',
    });
    expect(await textOf(page, '[data-testid=receipt-ref]')).toBe(sales[0]!.id);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    await page.locator('[data-testid=queued-count]').waitFor({ state: 'detached' });
  });

  it('sends again with the same key when the answer is lost, and the server keeps one sale', async () => {
    const page = await openLoggedIn(RETAILERS[1]);
    const api = await Api.login(phones.server.url, RETAILERS[1]);
    // Every POST of the page and of its service worker (Background Sync resends too).
    const sends: Array<{ key: string; replayed: string | undefined }> = [];
    let resent: () => void;
    const resend = new Promise<void>((resolve) => {
      resent = resolve;
    });
    await phones.context.route('**/api/v1/sales', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const key = route.request().headers()['idempotency-key'] ?? '';
      // The server takes the sale each time; the first answer never reaches the phone.
      const response = await route.fetch();
      sends.push({ key, replayed: response.headers()['idempotent-replayed'] });
      if (sends.length === 1) return route.abort('connectionreset');
      resent();
      return route.fulfill({ response });
    });

    const key = await sell(page, '0712345679', '250');
    await resend;
    await receiptStatus(page, 'succeeded');
    expect(sends.map((s) => s.key)).toEqual(sends.map(() => key));
    expect(sends[1]?.replayed).toBe('true');
    const sales = await api.sales();
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ amount: 25_000, status: 'succeeded' });
  });

  it('keeps a sale queued on a 5xx, then makes it final with the message on insufficient funds', async () => {
    const page = await openLoggedIn(RETAILERS[2]);
    const api = await Api.login(phones.server.url, RETAILERS[2]);
    await goOffline(phones.context);
    await sell(page, '0712345680', '300');
    await receiptStatus(page, 'queued');

    let failing: () => void;
    const failed = new Promise<void>((resolve) => {
      failing = resolve;
    });
    const unavailable = async (route: Route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      failing();
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'Try again' } }),
      });
    };
    await phones.context.route('**/api/v1/sales', unavailable);
    await goOnline(phones.context);
    await failed;
    await page.locator('sync-status button').waitFor();
    await receiptStatus(page, 'queued');

    // Meanwhile the wallet is emptied through another channel.
    await api.drainTo(0);
    await phones.context.unroute('**/api/v1/sales', unavailable);
    await page.locator('sync-status button').click();
    await receiptStatus(page, 'failed');
    // The server's own message, beside the app's explanation.
    expect(await textOf(page, '[data-testid=server-message]')).toMatch(/wallet cannot pay/);
    expect(await textOf(page, '[data-testid=refusal]')).toContain('not have enough money');
    await page.locator('[data-testid=refusal] a', { hasText: 'Sell again' }).waitFor();
    expect((await api.sales()).filter((s) => s.msisdn === '+254712345680')).toEqual([]);
  });
});
