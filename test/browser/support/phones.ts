import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { logIn, type Server, startServer } from './app';
import { launchChromium, phoneContext, serviceWorkerControls } from './browser';

export interface OpenOptions {
  /** Waits until the service worker controls the page (the app is installed for offline). */
  installed?: boolean;
  /** Browser permissions the phone grants, e.g. 'clipboard-read'. */
  permissions?: string[];
}

export interface Phones {
  /** The real host, started once for the file. */
  readonly server: Server;
  readonly browser: Browser;
  /** The phone the running test opened with `openLoggedIn`; closed after each test. */
  readonly context: BrowserContext;
  /** A fresh phone with the app open and `phone` logged in. */
  openLoggedIn(phone: string, options?: OpenOptions): Promise<Page>;
}

/**
 * The setup a browser test file shares: one host and one Chromium for the file (started
 * in beforeAll, stopped in afterAll), one fresh phone per test. Call at the top of the file;
 * `env` adds to the host's configuration.
 */
export function usePhones(env: Record<string, string> = {}): Phones {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  // Seeding the demo's 90 days of history (SEED_DEMO_HISTORY) can pass the default hook
  // timeout on two busy cores.
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(env), launchChromium()]);
  }, 330_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what}: use it inside a test`);
    return value;
  };

  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get context() {
      return ready(context, 'phone');
    },
    async openLoggedIn(phone, { installed = false, permissions = [] } = {}) {
      context = await phoneContext(ready(browser, 'browser'));
      if (permissions.length > 0) await context.grantPermissions(permissions);
      const page = await context.newPage();
      await page.goto(ready(server, 'server').url);
      await logIn(page, phone);
      if (installed) await serviceWorkerControls(page);
      return page;
    },
  };
}
