import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { GroupQueue } from '../ledger/batch-writer';
import { fundWallet } from '../ledger/statements';
import { entryHash, GENESIS } from './chain';
import { auditEntry } from './entry';
import { type VerifyResult, verifyChain } from './verify';
import { auditVerify } from './verify-command';

let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.login('admin@demo.airload');
});
afterAll(() => h.close());

const sql = (text: string, args: Array<string | number> = []) =>
  h.database.client.execute({ sql: text, args });

const verifyRoute = async () => {
  const res = await h.call('GET', '/api/v1/audit/verify', { token: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as VerifyResult;
};

const entryCount = () => h.count('audit_log');

describe('concurrent writes', () => {
  const count = async () => {
    const { rows } = await sql(
      'SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM audit_log',
    );
    return { n: Number(rows[0]!.n), lo: Number(rows[0]!.lo), hi: Number(rows[0]!.hi) };
  };

  it('chain 50 parallel sales from three outlets into one unbroken log, seq 1..N', async () => {
    const before = await entryCount();
    const tokens = await Promise.all(
      ['+254700000101', '+254700000102', '+254700000103'].map((p) => h.login(p)),
    );
    const [answers, during] = await Promise.all([
      Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          h.sell(tokens[i % 3]!, `parallel-${i}`, { msisdn: '0712345678', amount: 1_000 + i }),
        ),
      ),
      // A check that runs while entries are being appended sees an intact prefix.
      verifyChain(h.database.client, 5),
    ]);
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(during.ok).toBe(true);
    await h.settled();

    const { n, lo, hi } = await count();
    expect(n).toBe(before + 3 + 50);
    expect([lo, hi]).toEqual([1, n]);
    expect(await h.count("audit_log WHERE action = 'sale'")).toBe(50);
    expect(await verifyChain(h.database.client, 7)).toEqual({ ok: true, entries: n });
  });

  it('keep one chain when two more hosts append to the same database meanwhile', async () => {
    const before = await entryCount();
    const token = await h.login('+254700000101');
    // Two edge-style hosts (worker/ledger/batch-writer.ts), each with its own connection.
    const clients = [0, 1].map(() => createClient({ url: h.config.DATABASE_URL }));
    for (const client of clients) await client.execute('PRAGMA busy_timeout = 5000');
    const hosts = clients.map((client) => new GroupQueue(client));
    const admin = { id: 'u-admin', role: 'admin' };
    try {
      const writes = await Promise.allSettled([
        ...Array.from({ length: 30 }, (_, i) =>
          h.sell(token, `two-hosts-${i}`, { msisdn: '0712345678', amount: 1_000 }),
        ),
        ...hosts.flatMap((host, k) =>
          Array.from({ length: 20 }, (_, i) =>
            host.write(fundWallet('u-ret-102', 100, `host-${k}-${i}`, h.clock.now()), [
              auditEntry(h.deps, admin, 'funding', 'app', 'u-ret-102', { reference: i }),
            ]),
          ),
        ),
      ]);
      expect(writes.filter((w) => w.status === 'rejected')).toEqual([]);
    } finally {
      for (const client of clients) client.close();
    }
    await h.settled();

    const { n, lo, hi } = await count();
    expect(n).toBe(before + 1 + 30 + 40);
    expect([lo, hi]).toEqual([1, n]);
    expect(await verifyChain(h.database.client)).toEqual({ ok: true, entries: n });
  });
});

describe('the hash chain', () => {
  it('gives each entry the hash of the one before it, and the first the genesis hash', async () => {
    const { rows } = await sql('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq');
    expect(rows.length).toBeGreaterThan(5);
    rows.forEach((row, i) => {
      expect(Number(row.seq)).toBe(i + 1);
      expect(row.prev_hash).toBe(i === 0 ? GENESIS.hash : rows[i - 1]!.hash);
    });
  });

  it('verifies an untouched log as intact, whatever the page size', async () => {
    const entries = await entryCount();
    expect(await verifyRoute()).toEqual({ ok: true, entries });
    for (const pageSize of [1, 2, 3, entries, entries + 1]) {
      expect(await verifyChain(h.database.client, pageSize)).toEqual({ ok: true, entries });
    }
  });
});

/**
 * Tampering as someone with the database file would: the append-only triggers are
 * dropped with raw SQL first. Each test puts the row back afterwards.
 */
describe('tampering with the database directly', () => {
  const middle = async () => Math.floor((await entryCount()) / 2);

  it('names an edited entry as the first broken one, via the route and verifyChain', async () => {
    const seq = await middle();
    const { rows } = await sql('SELECT detail FROM audit_log WHERE seq = ?', [seq]);
    const original = String(rows[0]!.detail);
    await sql('DROP TRIGGER IF EXISTS audit_log_no_update');
    await sql('UPDATE audit_log SET detail = ? WHERE seq = ?', ['{"amount":1}', seq]);

    const expected = {
      ok: false,
      entries_checked: seq,
      first_broken: { seq, kind: 'hash_mismatch', reason: expect.stringMatching(/edited/) },
    };
    expect(await verifyRoute()).toEqual(expected);
    expect(await verifyChain(h.database.client, 2)).toEqual(expected);

    await sql('UPDATE audit_log SET detail = ? WHERE seq = ?', [original, seq]);
    expect((await verifyRoute()).ok).toBe(true);
  });

  it('finds an edited entry whose hash was recomputed, at the entry after it', async () => {
    const seq = await middle();
    const { rows } = await sql('SELECT * FROM audit_log WHERE seq = ?', [seq]);
    const row = rows[0]!;
    const forged = '{"amount":1}';
    const stored = {
      at: Number(row.at),
      actorId: row.actor_id === null ? null : String(row.actor_id),
      actorRole: row.actor_role === null ? null : String(row.actor_role),
      action: String(row.action),
      channel: String(row.channel),
      subject: row.subject === null ? null : String(row.subject),
      detail: {},
    };
    await sql('DROP TRIGGER IF EXISTS audit_log_no_update');
    await sql('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = ?', [
      forged,
      entryHash(seq, String(row.prev_hash), stored, forged),
      seq,
    ]);

    expect(await verifyChain(h.database.client)).toEqual({
      ok: false,
      entries_checked: seq + 1,
      first_broken: { seq: seq + 1, kind: 'prev_hash_mismatch', reason: expect.any(String) },
    });

    await sql('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = ?', [
      String(row.detail),
      String(row.hash),
      seq,
    ]);
    expect((await verifyChain(h.database.client)).ok).toBe(true);
  });

  it('finds a deleted entry in the middle of the log', async () => {
    const seq = await middle();
    const { rows, columns } = await sql('SELECT * FROM audit_log WHERE seq = ?', [seq]);
    await sql('DROP TRIGGER IF EXISTS audit_log_no_delete');
    await sql('DELETE FROM audit_log WHERE seq = ?', [seq]);

    expect(await verifyRoute()).toEqual({
      ok: false,
      entries_checked: seq,
      first_broken: {
        seq: seq + 1,
        kind: 'seq_gap',
        reason: `seq gap: entry #${seq} is missing`,
      },
    });

    const row = rows[0]!;
    await h.database.client.execute({
      sql: `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      args: columns.map((c) => row[c] ?? null),
    });
    expect((await verifyRoute()).ok).toBe(true);
  });
});

describe('npm run audit:verify', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));

  /** The script as npm runs it, in its own process, on the harness's database file. */
  const runScript = () =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: h.config.DATABASE_URL },
      });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.stderr.on('data', (chunk) => {
        out += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out: out.trim() }));
    });

  it('says the chain is intact and exits 0, then names an edited entry and exits 1', async () => {
    const entries = await entryCount();
    expect(await runScript()).toEqual({
      code: 0,
      out: `audit log: ${entries} entries, chain intact`,
    });

    const seq = Math.floor(entries / 3);
    const { rows } = await sql('SELECT detail FROM audit_log WHERE seq = ?', [seq]);
    await sql('DROP TRIGGER IF EXISTS audit_log_no_update');
    await sql('UPDATE audit_log SET detail = ? WHERE seq = ?', ['{}', seq]);
    const broken = await runScript();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(
      new RegExp(`^audit log: chain broken at entry #${seq}: hash mismatch`),
    );
    await sql('UPDATE audit_log SET detail = ? WHERE seq = ?', [String(rows[0]!.detail), seq]);
  });

  it('exits 2 without creating a database when DATABASE_URL names no file', async () => {
    const missing = `${h.config.DATABASE_URL}.missing`;
    expect(await auditVerify({ DATABASE_URL: missing })).toEqual({
      exitCode: 2,
      message: `audit log: no database at ${missing}`,
    });
    expect(existsSync(missing.slice('file:'.length))).toBe(false);
  });
});
