import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PIN, RETAILERS } from './support/app';
import { goOffline, goOnline, phoneContext } from './support/browser';
import { logInConsole, StaffApi, shownOutlets } from './support/console';
import { usePhones } from './support/phones';

/**
 * Issue 9 §4, real Chromium: the regional manager's console against the real host and
 * its demo data (two regions, 90 days of sales, flags).
 */

// The manager's screens need the demo's two regions and flags (DESIGN 8): its history.
const phones = usePhones({ SEED_DEMO_HISTORY: '1' });

interface Row {
  id: string;
  phone: string | null;
  frozen: boolean;
  flags: { code: string }[];
}

async function managerPage(viewport = { width: 360, height: 740 }) {
  const context = await phoneContext(phones.browser, { viewport });
  onTestFinished(() => context.close());
  const page = await context.newPage();
  await logInConsole(page, phones.server.url);
  return { context, page };
}

/** A flag the demo raises in the manager's region, and the outlets raising it. */
async function someFlag(api: StaffApi): Promise<{ code: string; ids: string[] }> {
  const page = await api.get<{ items: Row[] }>('/outlets?limit=100');
  const code = page.items.flatMap((o) => o.flags.map((f) => f.code))[0];
  if (!code) throw new Error('the demo raises no flag');
  const flagged = await api.get<{ items: Row[] }>(`/outlets?flag=${code}&limit=100`);
  return { code, ids: flagged.items.map((o) => o.id) };
}

describe('the manager’s console', () => {
  it('filters by a flag, opens an outlet, draws its chart and freezes it: the shop cannot sell', async () => {
    const api = await StaffApi.manager(phones.server.url);
    const flag = await someFlag(api);
    const { page } = await managerPage({ width: 1280, height: 900 });

    await page.locator('#flag').selectOption(flag.code);
    await page.waitForURL(new RegExp(`flag=${flag.code}`));
    await page
      .locator(`outlet-list tbody tr[data-outlet] [data-flag=${flag.code}]`)
      .first()
      .waitFor();
    await expect
      .poll(() => shownOutlets(page))
      .toEqual(flag.ids.slice(0, (await shownOutlets(page)).length));
    const rows = await page.locator('outlet-list tbody tr[data-outlet]').count();
    const flagged = await page
      .locator(`outlet-list tbody tr[data-outlet]:has([data-flag=${flag.code}])`)
      .count();
    expect(flagged).toBe(rows);

    // A retailer of the region with a phone, so the test can sell as it afterwards.
    const outlet = 'u-ret-101';
    await page.goto(`${phones.server.url}/console/outlets/${outlet}`);
    await page.locator('outlet-detail [data-testid=outlet-name]').waitFor();
    const chart = page.locator('sales-chart');
    await chart.locator('canvas').waitFor();
    await expect.poll(() => chart.getAttribute('data-points')).toBe('30');
    // The canvas has drawn something: some pixel is not blank.
    const inked = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, i) => i % 4 === 3 && value > 0);
    });
    expect(inked).toBe(true);
    await page.locator('outlet-detail button[data-days="90"]').click();
    await expect.poll(() => chart.getAttribute('data-points')).toBe('90');

    // The shop is logged in before the freeze; freezing ends its sessions (DESIGN 7).
    const shop = await StaffApi.login(phones.server.url, { phone: RETAILERS[0], pin: PIN });
    await page.locator('outlet-actions [data-testid=freeze]').click();
    await page.locator('outlet-actions #reason').fill('Seen selling above the price list');
    await page.locator('outlet-actions [data-testid=confirm-action]').click();
    await page.locator('outlet-actions [data-testid=unfreeze]').waitFor();
    await page
      .locator('outlet-detail [data-testid=audit]')
      .filter({ hasText: 'Seen selling above' })
      .waitFor();

    const sale = await shop.post(
      '/sales',
      { msisdn: '0712345678', amount: 10_000 },
      { 'idempotency-key': 'frozen-1' },
    );
    expect(sale.status).toBeGreaterThanOrEqual(400);
    expect(sale.status).toBeLessThan(500);
    // ...and a frozen outlet cannot log in again to sell.
    const again = await fetch(`${phones.server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: RETAILERS[0], pin: PIN }),
    });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('outlet_frozen');
  });

  it('records a visit offline with the shop’s code and sends it when the network returns', async () => {
    const api = await StaffApi.manager(phones.server.url);
    const shop = await StaffApi.login(phones.server.url, { phone: RETAILERS[1], pin: PIN });
    const me = await shop.get<{ id: string }>('/me');
    // Both phones offline (DESIGN 10): the shop's PWA, installed, reloads without a network
    // and shows the code from the secret it stored with the profile; the test only reads it.
    const shopPage = await phones.openLoggedIn(RETAILERS[1], { installed: true });
    await goOffline(phones.context);
    await shopPage.reload();
    await shopPage.locator('home-screen [data-testid=open-visit-code]').click();
    const shown = shopPage
      .locator('visit-code-screen [data-testid=visit-code]')
      .filter({ hasText: /^\d{6}$/ });
    await shown.waitFor();
    const code = (await shown.textContent())!;
    const { context, page } = await managerPage();
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: -1.2921, longitude: 36.8219, accuracy: 20 });

    await page.goto(`${phones.server.url}/console/outlets/${me.id}`);
    await page.locator('outlet-detail [data-testid=record-visit]').click();
    await page.locator('visit-recorder [data-testid=fix]').filter({ hasText: /20/ }).waitFor();

    await goOffline(context);
    for (const item of ['branding_visible', 'price_list_shown', 'pin_private']) {
      await page.locator(`visit-recorder input[name=${item}]`).check();
    }
    await page.locator('visit-recorder #code').fill(code);
    await page.locator('visit-recorder #note').fill('Shelf tidy, price list on the door');
    await page.locator('visit-recorder [data-testid=save-visit]').click();
    await page.locator('visit-recorder [data-testid=visit-state][data-state=queued]').waitFor();
    const before = await api.get<{ items: unknown[] }>(`/outlets/${me.id}/visits`);
    expect(before.items).toEqual([]);

    await goOnline(context);
    await page.locator('visit-recorder [data-testid=visit-state][data-state=sent]').waitFor();
    const after = await api.get<{
      items: { shop_confirmed: boolean; note: string; accuracy_m: number }[];
    }>(`/outlets/${me.id}/visits`);
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({
      shop_confirmed: true,
      note: 'Shelf tidy, price list on the door',
      accuracy_m: 20,
    });
  });

  it('downloads as CSV exactly the outlets on screen', async () => {
    const { page } = await managerPage({ width: 1280, height: 900 });
    await page.locator('#frozen').selectOption('false');
    await page.waitForURL(/frozen=false/);
    await page.locator('outlet-list tbody tr[data-outlet]').first().waitFor();
    const shown = await shownOutlets(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('outlet-list [data-testid=export-csv]').click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    const [header, ...lines] = text.trim().split(/\r?\n/);
    const idColumn = header!
      .split(',')
      .map((h) => h.replace(/"/g, ''))
      .indexOf('id');
    expect(idColumn).toBeGreaterThanOrEqual(0);
    const ids = lines.map((line) => line.split(',')[idColumn]!.replace(/"/g, ''));
    expect(ids.slice(0, shown.length)).toEqual(shown);
  });

  it('shows the manager only its region', async () => {
    const { page } = await managerPage();
    const north = await StaffApi.manager(phones.server.url, 'manager2@demo.airload');
    const theirs = await north.get<{ items: Row[] }>('/outlets?limit=100');
    const mine = new Set(await shownOutlets(page));
    expect(theirs.items.some((o) => mine.has(o.id))).toBe(false);
  });
});
