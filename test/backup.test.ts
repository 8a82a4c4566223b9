import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, DEMO_PIN } from '../db/seed';
import { auditVerify } from '../worker/audit/verify-command';
import { checkLedger } from '../worker/ledger/check';
import { login } from './bench/host';
import { type CarrierServer, NodeHosts, startCarrierServer } from './support/node-process';

/**
 * Issue 14, `npm run backup -- <file>`: a copy taken while a real Node host is writing
 * sales, then the restore of README's "Running it for real" (the copy and audit.key in
 * a new DATA_DIR), a host started on it, and the copy's ledger sound with the balances
 * it had when it was taken.
 */
const ROOT = join(import.meta.dirname, '..');
const RETAILERS = ['+254700000101', '+254700000102', '+254700000103'];
const hosts = new NodeHosts();
let carrier: CarrierServer | undefined;
let dir: string | undefined;

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') console.error(hosts.report());
  await hosts.killAll();
  await carrier?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runBackup(
  databaseUrl: string,
  file: string,
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

const balances = async (client: Client) =>
  (
    await client.execute(
      'SELECT id, debits_posted, credits_posted, debits_pending, credits_pending FROM accounts ORDER BY id',
    )
  ).rows.map((r) => Object.values(r).map(String));

const env = (url: string) => ({
  DATABASE_URL: url,
  PORT: '0',
  JWT_SECRET: 'backup-test-secret-that-is-at-least-32-chars',
  SEED_DEMO: '1',
  DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
  // Sales left pending in the copy stay as they are: the balances compared are the copy's.
  RECONCILE_AFTER_MS: '600000',
});

describe('npm run backup', () => {
  it('copies a serving database consistently, and a host on the restored copy keeps its balances', async () => {
    dir = mkdtempSync(join(tmpdir(), 'airload-backup-'));
    carrier = await startCarrierServer();
    const live = `file:${join(dir, 'live', 'airload.db')}`;
    const host = await hosts.start({ ...env(live), CARRIER_URL: carrier.url }, 60_000);
    const tokens = await Promise.all(
      RETAILERS.map((phone) => login(host.url, { phone, pin: DEMO_PIN })),
    );

    // The load: sales on all three wallets until told to stop (every tenth one slow, 904).
    let stop = false;
    let made = 0;
    const failures: string[] = [];
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${host.url}/api/v1/sales`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens[w % 3]}`,
            'content-type': 'application/json',
            'idempotency-key': `backup-${w}-${i}`,
          },
          body: JSON.stringify({
            msisdn: i % 10 === 9 ? '0712345904' : '0712345678',
            amount: 1_000,
          }),
        });
        await res.arrayBuffer();
        if (res.status === 201) made++;
        else failures.push(`HTTP ${res.status}`);
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    await vi.waitFor(() => expect(made).toBeGreaterThanOrEqual(30), {
      timeout: 60_000,
      interval: 50,
    });

    const file = join(dir, 'airload-backup.db');
    const before = made;
    const backup = await runBackup(live, file);
    const during = made - before;
    stop = true;
    await load;
    expect(backup.out).toMatch(/backup: wrote .* ledger check passed/);
    expect(backup.code).toBe(0);
    expect(during).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await host.stop();

    // The restore: the copy as the database of a new DATA_DIR, with the audit key beside it.
    const restoredDir = join(dir, 'restored');
    mkdirSync(restoredDir);
    copyFileSync(file, join(restoredDir, 'airload.db'));
    copyFileSync(join(dir, 'live', 'audit.key'), join(restoredDir, 'audit.key'));
    const restored = `file:${join(restoredDir, 'airload.db')}`;

    const copy = createClient({ url: restored });
    try {
      const atBackup = await balances(copy);
      const copied = Number((await copy.execute('SELECT count(*) AS n FROM sales')).rows[0]!.n);
      expect(copied).toBeGreaterThanOrEqual(before);
      // A prefix of the live database: every sale in the copy is there too.
      const liveClient = createClient({ url: live });
      const liveIds = new Set(
        (await liveClient.execute('SELECT id FROM sales')).rows.map((r) => String(r.id)),
      );
      liveClient.close();
      const ids = (await copy.execute('SELECT id FROM sales')).rows.map((r) => String(r.id));
      expect(ids.filter((id) => !liveIds.has(id))).toEqual([]);

      const second = await hosts.start(env(restored), 60_000);
      for (const phone of RETAILERS) {
        const token = await login(second.url, { phone, pin: DEMO_PIN });
        const res = await fetch(`${second.url}/api/v1/wallet`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const wallet = (await res.json()) as { available: number; held: number };
        const { rows } = await copy.execute({
          sql: `SELECT a.credits_posted - a.debits_posted - a.debits_pending AS available, a.debits_pending AS held
                FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.phone = ? AND a.kind = 'wallet'`,
          args: [phone],
        });
        expect(wallet).toMatchObject({
          available: Number(rows[0]!.available),
          held: Number(rows[0]!.held),
        });
      }
      const admin = await login(second.url, {
        email: 'admin@demo.airload',
        password: DEMO_PASSWORD,
      });
      const verify = await fetch(`${second.url}/api/v1/audit/verify`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(await verify.json()).toMatchObject({ ok: true });
      await second.stop();

      expect(await balances(copy)).toEqual(atBackup);
      // Every balance matches its transfers, and every sale has its hold (and post or void).
      expect(await checkLedger(copy)).toEqual([]);
      expect(await auditVerify({ DATABASE_URL: restored, DATA_DIR: restoredDir })).toMatchObject({
        exitCode: 0,
      });
    } finally {
      copy.close();
    }
  }, 180_000);

  it('refuses to overwrite a file, and a database that is not an embedded file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'airload-backup-'));
    const taken = join(dir, 'taken.db');
    copyFileSync(join(ROOT, 'package.json'), taken);
    const overwrite = await runBackup(`file:${taken}`, taken);
    expect(overwrite.code).toBe(2);
    expect(overwrite.out).toContain('exists');
    const server = await runBackup('http://127.0.0.1:1', join(dir, 'x.db'));
    expect(server.code).toBe(2);
    expect(server.out).toContain('server');
  }, 60_000);
});
