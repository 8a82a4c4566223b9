import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PIN } from '../db/seed';
import { type NodeHost, startNodeHost } from './support/node-process';

/**
 * Issue 14 item 6 (DESIGN 13): with no JWT_SECRET, the embedded host keeps the key it
 * generated in DATA_DIR, readable by its owner only, so a restart keeps shops logged in.
 */

const dir = mkdtempSync(join(tmpdir(), 'airload-restart-key-'));
const env = { DATABASE_URL: `file:${join(dir, 'airload.db')}`, PORT: '0', SEED_DEMO: '1' };
let host: NodeHost | undefined;
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const me = (url: string, token: string) =>
  fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

describe('the embedded host’s generated token key', () => {
  it('survives a restart, kept in DATA_DIR with mode 0600', async () => {
    host = await startNodeHost(env);
    const login = await fetch(`${host.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+254700000101', pin: DEMO_PIN }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    expect((await me(host.url, token)).status).toBe(200);
    expect(host.output()).toContain(join(dir, 'jwt-secret'));
    await host.stop();

    const file = join(dir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    host = await startNodeHost(env);
    const res = await me(host.url, token);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 60_000);
});
