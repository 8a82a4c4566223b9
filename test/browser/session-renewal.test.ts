import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Api, PIN, RETAILERS, receiptStatus, sell } from './support/app';
import { goOffline, goOnline } from './support/browser';
import { usePhones } from './support/phones';

/**
 * Issue 14 item 7 in real Chromium: the shop renews its access token with the refresh
 * token it was given, never by sending the PIN again, and a refresh token that was
 * spent elsewhere (the server ends the session) brings the lock screen, with the queued
 * sales kept for after the PIN.
 */

const phones = usePhones();

/** Every call of the page and its service worker to /auth/*, in order. */
async function recordAuth(context: BrowserContext): Promise<string[]> {
  const calls: string[] = [];
  await context.route('**/api/v1/auth/**', (route) => {
    const body = route.request().postData() ?? '';
    calls.push(
      `${new URL(route.request().url()).pathname}${body.includes('"pin"') ? ' +pin' : ''}`,
    );
    return route.fallback();
  });
  return calls;
}

interface StoredSession {
  token: string;
  refreshToken?: string;
  expiresAt: number;
}

/** The session the app keeps in IndexedDB, changed by `edit` when given. */
function storedSession(page: Page, edit?: Partial<StoredSession>): Promise<StoredSession> {
  return page.evaluate(async (patch) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('airload');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('kv', 'readwrite');
    const store = tx.objectStore('kv');
    const session = await new Promise<StoredSession>((resolve) => {
      const get = store.get('session');
      get.onsuccess = () => resolve(get.result as StoredSession);
    });
    const next = patch ? { ...session, ...patch } : session;
    if (patch) store.put(next, 'session');
    await new Promise((resolve) => {
      tx.oncomplete = resolve;
    });
    db.close();
    return next;
  }, edit);
}

/** An access token the server refuses, and that the device knows has run out. */
const expired = () => ({ token: 'expired.access.token', expiresAt: Date.now() - 60_000 });

const refresh = (refreshToken: string) =>
  fetch(`${phones.server.url}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });

describe('renewing the session (issue 14 item 7)', () => {
  it('renews an expired access token with the refresh token, without the PIN', async () => {
    const page = await phones.openLoggedIn(RETAILERS[0]);
    const before = await storedSession(page);
    expect(before.refreshToken).toBeTruthy();
    await storedSession(page, expired());
    const calls = await recordAuth(phones.context);
    await page.reload();

    // Sold with the renewed token: no lock screen, no PIN.
    await sell(page, '0712345678', '100');
    await receiptStatus(page, 'succeeded');
    expect(await page.locator('lock-screen').count()).toBe(0);
    expect(calls).toEqual(['/api/v1/auth/refresh']);
    const after = await storedSession(page);
    expect(after.token).not.toBe(expired().token);
    // Rotated: the new refresh token is stored, the spent one is not.
    expect(after.refreshToken).toBeTruthy();
    expect(after.refreshToken).not.toBe(before.refreshToken);
  });

  it('shows the lock screen when its refresh token was spent elsewhere, and keeps the queued sale', async () => {
    const api = await Api.login(phones.server.url, RETAILERS[1]);
    const page = await phones.openLoggedIn(RETAILERS[1], { installed: true });
    await goOffline(phones.context);
    await sell(page, '0712345681', '150');
    await receiptStatus(page, 'queued');

    // A copy of the refresh token is spent first (a stolen copy, say).
    const { refreshToken } = await storedSession(page);
    const stolen = await refresh(refreshToken!);
    expect(stolen.status).toBe(200);
    const { refresh_token: rotated } = (await stolen.json()) as { refresh_token: string };

    await storedSession(page, expired());
    await page.reload();
    const calls = await recordAuth(phones.context);
    await goOnline(phones.context);

    await page.locator('lock-screen').filter({ hasText: 'session has ended' }).waitFor();
    expect(calls).toContain('/api/v1/auth/refresh');
    expect(calls.filter((c) => c.includes('login'))).toEqual([]);
    // The server ended the session for every holder: the thief's token is refused too.
    expect((await refresh(rotated)).status).toBe(401);
    // The sale is still queued on the device, and not on the server.
    await page.locator('lock-screen').filter({ hasText: 'Waiting to be sent: 1' }).waitFor();
    expect((await api.sales()).filter((s) => s.msisdn === '+254712345681')).toEqual([]);

    // The PIN, on the lock screen only, logs in again; then the sale goes, once.
    await page.locator('#unlock-pin').fill(PIN);
    await page.locator('lock-screen button[type=submit]').click();
    await page.locator('lock-screen').waitFor({ state: 'detached' });
    expect(calls.filter((c) => c.includes('login'))).toEqual(['/api/v1/auth/login +pin']);
    await receiptStatus(page, 'succeeded');
    expect((await api.sales()).filter((s) => s.msisdn === '+254712345681')).toHaveLength(1);
  });
});
