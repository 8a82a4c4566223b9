import type { Page } from 'playwright-core';

/** The back office at /console/ (DESIGN 10), as the regional manager uses it. */

export const MANAGER = 'manager@demo.airload';
export const STAFF_PASSWORD = 'airload-demo';

/** Logs in at /console/ with email and password and waits for the outlets list. */
export async function logInConsole(page: Page, url: string, email = MANAGER): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(STAFF_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.locator('outlet-list table[data-testid=outlets] tbody tr').first().waitFor();
}

/** The ids of the outlets the list shows, in order. */
export const shownOutlets = (page: Page): Promise<string[]> =>
  page
    .locator('outlet-list tbody tr[data-outlet]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-outlet') ?? ''));

/** A staff member's or a shop's own client of the API, for what the test checks server-side. */
export class StaffApi {
  private constructor(
    private readonly url: string,
    readonly token: string,
  ) {}

  static async login(url: string, body: Record<string, string>): Promise<StaffApi> {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    return new StaffApi(url, ((await res.json()) as { token: string }).token);
  }

  static manager(url: string, email = MANAGER): Promise<StaffApi> {
    return StaffApi.login(url, { email, password: STAFF_PASSWORD });
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }
}
