import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type NodeHost, startNodeHost } from '../../support/node-process';

export const PIN = '1357';
export const RETAILERS = ['0700000101', '0700000102', '0700000103'] as const;

export interface Server {
  host: NodeHost;
  url: string;
  close(): Promise<void>;
}

/** The real Node host (worker/node.ts) on a fresh seeded database, serving web/dist. */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'airload-browser-'));
  const host = await startNodeHost(
    {
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'airload.db')}`,
      JWT_SECRET: 'browser-test-secret-that-is-at-least-32-chars',
      SEED_DEMO: '1',
      SALE_WAIT_MS: '3000',
      ...env,
      // The demo's 90 days of history take a while to seed on two busy cores.
    },
    300_000,
  );
  return {
    host,
    url: host.url,
    async close() {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface SaleView {
  id: string;
  msisdn: string;
  amount: number;
  status: string;
}

/** The server's side of things, through its API, as the test's own client. */
export class Api {
  private constructor(
    private readonly url: string,
    readonly token: string,
  ) {}

  static async login(url: string, phone: string): Promise<Api> {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, pin: PIN }),
    });
    if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${await res.text()}`);
    return new Api(url, ((await res.json()) as { token: string }).token);
  }

  async sales(): Promise<SaleView[]> {
    const res = await fetch(`${this.url}/api/v1/sales?limit=100`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { items: SaleView[] }).items;
  }

  async available(): Promise<number> {
    const res = await fetch(`${this.url}/api/v1/wallet`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { available: number }).available;
  }

  async sell(key: string, msisdn: string, amount: number): Promise<SaleView> {
    const res = await fetch(`${this.url}/api/v1/sales`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ msisdn, amount }),
    });
    if (res.status !== 201) throw new Error(`sell: ${res.status} ${await res.text()}`);
    return (await res.json()) as SaleView;
  }

  /** Sells from the wallet on the server (another channel) until `keep` is left. */
  async drainTo(keep: number): Promise<void> {
    let left = (await this.available()) - keep;
    let n = 0;
    while (left > 0) {
      const amount = Math.min(left, 1_000_000);
      await this.sell(`drain-${Date.now()}-${n++}`, '0712000000', amount);
      left -= amount;
    }
  }
}

/** Logs in through the login screen and waits for the home screen's balance. */
export async function logIn(page: Page, phone: string): Promise<void> {
  await page.locator('#phone').fill(phone);
  await page.locator('#pin').fill(PIN);
  await page.locator('login-screen button[type=submit]').click();
  await page.locator('home-screen [data-testid=available]').filter({ hasText: /\d/ }).waitFor();
}

/** Fills the sell screen, continues to the confirmation and waits for it. */
export async function enterSale(page: Page, msisdn: string, amount: string): Promise<void> {
  await page.locator('#msisdn').fill(msisdn);
  await page.locator('#amount').fill(amount);
  await page.locator('sell-screen button[type=submit]').click();
}

/** Sells through the app and waits for the receipt; returns the outbox key from the URL. */
export async function sell(page: Page, msisdn: string, amount: string): Promise<string> {
  await page.goto(new URL('#/sell', page.url()).href);
  await enterSale(page, msisdn, amount);
  await page.locator('[data-testid=confirm-sale]').click();
  await page.waitForURL(/#\/receipt\//);
  return decodeURIComponent(page.url().split('#/receipt/')[1] ?? '');
}

/** The receipt's status badge, once it says `status`. */
export async function receiptStatus(page: Page, status: string): Promise<void> {
  await page.locator(`receipt-screen status-badge[status=${status}]`).waitFor();
}

/** An element's text, whitespace collapsed (the templates indent it). */
export async function textOf(page: Page, selector: string): Promise<string> {
  const text = await page.locator(selector).textContent();
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
