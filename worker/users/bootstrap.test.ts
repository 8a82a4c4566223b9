import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../db/client';
import { verifySecret } from '../auth/kdf';
import { parseConfig } from '../env';
import { bootstrapAdmin } from './bootstrap';

/** Issue 11: a deployment with SEED_DEMO=0 gets its first admin from ADMIN_EMAIL, once. */

const dir = mkdtempSync(join(tmpdir(), 'airload-bootstrap-'));
const database = await openEmbedded(`file:${join(dir, 'airload.db')}`, {
  auditKey: 'k'.repeat(32),
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the first admin', () => {
  it('is made on an empty database with a one-time password, audited, and only once', async () => {
    const config = parseConfig({
      ADMIN_EMAIL: 'Ops@Example.org',
      KDF_ITERATIONS: '1000',
      SEED_DEMO: '0',
    });
    expect(
      await bootstrapAdmin(database, { ...config, ADMIN_EMAIL: undefined }, 1),
    ).toBeUndefined();
    const first = await bootstrapAdmin(database, config, 1);
    expect(first?.email).toBe('ops@example.org');
    expect(first?.password).toMatch(/^[A-Za-z2-9]{16}$/);
    const { rows } = await database.client.execute(
      `SELECT id, secret_hash FROM users WHERE role = 'admin' AND email = 'ops@example.org'`,
    );
    expect(rows).toHaveLength(1);
    expect(await verifySecret(first!.password, String(rows[0]!.secret_hash))).toBe(true);
    const audit = await database.client.execute(
      `SELECT subject FROM audit_log WHERE action = 'user_onboard'`,
    );
    expect(audit.rows.map((r) => r.subject)).toEqual([rows[0]!.id]);
    // Restarted with the variable still set: nothing more.
    expect(await bootstrapAdmin(database, config, 2)).toBeUndefined();
    expect(
      await bootstrapAdmin(database, { ...config, ADMIN_EMAIL: 'other@example.org' }, 3),
    ).toBeUndefined();
  });
});
