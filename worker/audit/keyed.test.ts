import type { Row } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { GroupQueue } from '../ledger/batch-writer';
import { type AuditEntry, entryHash } from './chain';
import { ensureCheckpoint } from './checkpoint';
import { auditEntry, SYSTEM_ACTOR } from './entry';
import { VERIFY_PAGE_SIZE, verifyChain } from './verify';
import { auditVerify } from './verify-command';

/**
 * Issue 14, the audit chain's limit: with entries hashed by plain SHA-256, whoever can
 * write the database could delete the newest entries, or edit one and re-hash every
 * entry after it, and the chain still verified. Keyed with AUDIT_KEY and headed by a
 * signed checkpoint, both are found.
 */
const KEY = 'audit-key-for-the-keyed-chain-tests-0123456789';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function keyedHarness(): Promise<Harness> {
  h = await createHarness({ env: { AUDIT_KEY: KEY } });
  const token = await h.login('+254700000101');
  for (let i = 0; i < 6; i++) {
    const res = await h.sell(token, `keyed-${i}`, { msisdn: '0712345678', amount: 1_000 + i });
    expect(res.status).toBe(201);
  }
  await h.settled();
  return h;
}

const sql = (text: string, args: Array<string | number> = []) =>
  h!.database.client.execute({ sql: text, args });

const verify = (key: string | undefined = KEY) =>
  verifyChain(h!.database.client, VERIFY_PAGE_SIZE, key);

const command = (key = KEY) =>
  auditVerify({ DATABASE_URL: h!.config.DATABASE_URL, AUDIT_KEY: key });

async function headSeq(): Promise<number> {
  return Number((await sql('SELECT max(seq) AS n FROM audit_log')).rows[0]!.n);
}

function stored(row: Row): AuditEntry {
  const text = (v: unknown) => (v === null ? null : String(v));
  return {
    at: Number(row.at),
    actorId: text(row.actor_id),
    actorRole: text(row.actor_role),
    action: String(row.action),
    channel: String(row.channel),
    subject: text(row.subject),
    detail: {},
  };
}

/** What an attacker without the key can do: edit entry `from`, then re-hash it and the later ones (up to `to`). */
async function rewriteFrom(from: number, key?: string, to = Number.MAX_SAFE_INTEGER) {
  await sql('DROP TRIGGER IF EXISTS audit_log_no_update');
  const { rows } = await sql('SELECT * FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq', [
    from,
    to,
  ]);
  let prev = String(rows[0]!.prev_hash);
  let head = prev;
  // Hashes are unique: park the rows on placeholders first, then write the new chain.
  for (const row of rows) {
    await sql('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', [
      `p-${row.seq}`,
      `h-${row.seq}`,
      Number(row.seq),
    ]);
  }
  for (const row of rows) {
    const seq = Number(row.seq);
    const detail = seq === from ? '{"amount":1}' : String(row.detail);
    head = entryHash(seq, prev, stored(row), detail, key);
    await sql('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
      detail,
      prev,
      head,
      seq,
    ]);
    prev = head;
  }
  return head;
}

describe('audit chain keyed with AUDIT_KEY (issue 14)', () => {
  it('verifies a keyed log whose signed checkpoint names its newest entry', async () => {
    await keyedHarness();
    const seq = await headSeq();
    const { rows } = await sql('SELECT seq, head_hash, keyed_from FROM audit_checkpoints');
    const head = (await sql('SELECT hash FROM audit_log WHERE seq = ?', [seq])).rows[0]!;
    expect(rows.map((r) => [Number(r.seq), r.head_hash, Number(r.keyed_from)])).toEqual([
      [seq, head.hash, 1],
    ]);
    expect(await verify()).toEqual({ ok: true, entries: seq });
    expect(await command()).toEqual({
      exitCode: 0,
      message: `audit log: ${seq} entries, chain intact, signed head matches`,
    });
    // The route checks with the host's key too.
    const admin = await h!.login('admin@demo.airload');
    const res = await h!.call('GET', '/api/v1/audit/verify', { token: admin });
    expect(await res.json()).toEqual({ ok: true, entries: seq + 1 });
  });

  it('finds the newest entries deleted (tail truncation)', async () => {
    await keyedHarness();
    const seq = await headSeq();
    await sql('DROP TRIGGER IF EXISTS audit_log_no_delete');
    await sql('DELETE FROM audit_log WHERE seq > ?', [seq - 3]);

    expect(await verify()).toEqual({
      ok: false,
      entries_checked: seq - 3,
      first_broken: { seq: seq - 2, kind: 'truncated', reason: expect.stringContaining('deleted') },
    });
    const outcome = await command();
    expect(outcome.exitCode).toBe(1);
    expect(outcome.message).toContain(`before the signed head #${seq}`);
  });

  it('finds the chain rewritten from an edit onward without the key', async () => {
    await keyedHarness();
    const from = (await headSeq()) - 4;
    await rewriteFrom(from);

    expect(await verify()).toEqual({
      ok: false,
      entries_checked: from,
      first_broken: {
        seq: from,
        kind: 'hash_mismatch',
        reason: expect.stringContaining('AUDIT_KEY'),
      },
    });
    expect((await command()).exitCode).toBe(1);
  });

  it('finds the rewrite when the checkpoint is moved to the forged head, or removed', async () => {
    await keyedHarness();
    const head = await rewriteFrom((await headSeq()) - 2, 'a-guessed-key-that-is-not-the-real-one');
    await sql('UPDATE audit_checkpoints SET head_hash = ?', [head]);
    expect(await verify()).toMatchObject({
      ok: false,
      first_broken: { kind: 'checkpoint_invalid' },
    });

    // Removing the checkpoint and downgrading every entry to the unkeyed hash.
    await sql('DELETE FROM audit_checkpoints');
    await rewriteFrom(1);
    expect(await verify()).toMatchObject({
      ok: false,
      first_broken: { kind: 'checkpoint_invalid', reason: expect.stringContaining('no signed') },
    });
  });

  it('needs the key to check a keyed chain', async () => {
    await keyedHarness();
    const outcome = await auditVerify({ DATABASE_URL: h!.config.DATABASE_URL });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.message).toContain('AUDIT_KEY');
  });
});

describe('a database from before AUDIT_KEY', () => {
  it('keeps its unkeyed entries, keys the ones after the checkpoint, and guards both', async () => {
    h = await createHarness();
    const token = await h.login('+254700000101');
    for (let i = 0; i < 3; i++)
      await h.sell(token, `legacy-${i}`, { msisdn: '0712345678', amount: 1_000 });
    await h.settled();
    const legacy = await headSeq();
    expect(await verifyChain(h.database.client)).toEqual({ ok: true, entries: legacy });

    // The first keyed start (worker/node.ts calls ensureCheckpoint).
    const writer = new GroupQueue(h.database.client, { auditKey: KEY });
    await ensureCheckpoint({ client: h.database.client, writer, clock: h.clock });
    await writer.write([], [auditEntry(h.deps, SYSTEM_ACTOR, 'funding', 'app', null)]);
    const { rows } = await sql('SELECT keyed_from, seq FROM audit_checkpoints');
    expect([Number(rows[0]!.keyed_from), Number(rows[0]!.seq)]).toEqual([legacy + 1, legacy + 2]);
    expect(await verify()).toEqual({ ok: true, entries: legacy + 2 });

    // Re-hashing the old, unkeyed part after an edit breaks the first keyed entry's link.
    await rewriteFrom(legacy - 1, undefined, legacy);
    expect(await verify()).toMatchObject({
      ok: false,
      first_broken: { seq: legacy + 1, kind: 'prev_hash_mismatch' },
    });
  });
});
