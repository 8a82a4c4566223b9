import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
  type Route,
} from 'playwright-core';

/** Debian's chromium (scripts/setup-chromium.sh installs it), driven by playwright-core. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A phone-sized context (issue 4: 360x640 first). Each has its own storage and service worker. */
export function phoneContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 1,
    locale: 'en-KE',
    timezoneId: 'Africa/Nairobi',
    serviceWorkers: 'allow',
    ...options,
  });
}

/**
 * No network for the page and for its service worker: `setOffline` does not cut the
 * worker's own fetches, so those are aborted by route.
 */
const cutOff = (route: Route) =>
  route.request().serviceWorker() ? route.abort('internetdisconnected') : route.fallback();

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.route('**/*', cutOff);
  await context.setOffline(true);
}

/** The network back, for the page and its service worker; the test's own routes stay. */
export async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**/*', cutOff);
  await context.setOffline(false);
}

/** Resolves once a service worker controls the page (it has precached the whole app by then). */
export async function serviceWorkerControls(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 20_000,
  });
}
