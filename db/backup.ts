import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { checkLedger } from '../worker/ledger/check';

export interface BackupReport {
  file: string;
  ms: number;
  sales: number;
  transfers: number;
  auditEntries: number;
  /** checkLedger on the copy: empty when every balance matches its transfers. */
  violations: string[];
}

const pathOf = (url: string) => url.slice('file:'.length).split('?')[0]!;

/**
 * `npm run backup -- <file>` (DESIGN 13, issue 14): a consistent copy of the embedded
 * database while the host serves. `VACUUM INTO` on a connection of its own reads one
 * snapshot (a read transaction in WAL mode, so the host's writer goes on committing)
 * and writes it out compacted; a plain file copy could catch the file between a commit
 * and its checkpoint. The libsql driver has no backup API (`Database#backup` throws
 * "not implemented"), so VACUUM INTO it is. The copy is written beside the target and
 * renamed, so a half-written file never has the target's name; it is owner-only, as it
 * holds PIN hashes; then it is checked: integrity and the ledger.
 */
export async function backupDatabase(url: string, target: string): Promise<BackupReport> {
  if (!url.startsWith('file:')) {
    throw new Error(
      `backup copies an embedded file: database; ${url} is a server (use its own backups)`,
    );
  }
  if (!existsSync(pathOf(url))) throw new Error(`no database at ${url}`);
  if (existsSync(target)) throw new Error(`${target} exists: choose a new file`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  const source = createClient({ url });
  try {
    await source.execute('PRAGMA busy_timeout = 5000');
    await source.execute({ sql: 'VACUUM INTO ?', args: [partial] });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  chmodSync(partial, 0o600);
  const ms = Math.round(performance.now() - started);

  const copy = createClient({ url: `file:${partial}` });
  try {
    const integrity = (await copy.execute('PRAGMA integrity_check')).rows[0]?.integrity_check;
    if (integrity !== 'ok') throw new Error(`the copy fails its integrity check: ${integrity}`);
    const count = async (table: string) =>
      Number((await copy.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    const report = {
      file: target,
      ms,
      sales: await count('sales'),
      transfers: await count('transfers'),
      auditEntries: await count('audit_log'),
      violations: await checkLedger(copy),
    };
    copy.close();
    renameSync(partial, target);
    return report;
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
}
