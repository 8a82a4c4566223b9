import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Config } from '../env';
import { AUDIT_KEY_FILE, readSecret } from '../persisted-secret';
import { VERIFY_PAGE_SIZE, verifyChain } from './verify';

export interface VerifyOutcome {
  /** 0 intact, 1 broken, 2 could not check. */
  exitCode: 0 | 1 | 2;
  message: string;
}

/**
 * `npm run audit:verify` (issue 3): walks the audit chain of the configured database
 * (an embedded `file:` or a libSQL server over `http:`/`libsql:`) and says whether it
 * is intact or where it first breaks. It only reads.
 */
export async function auditVerify(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_AUTH_TOKEN'> &
    Partial<Pick<Config, 'AUDIT_KEY' | 'DATA_DIR'>>,
): Promise<VerifyOutcome> {
  const url = config.DATABASE_URL;
  // Opening a missing file would create an empty database, and report nothing useful.
  if (url.startsWith('file:') && !existsSync(url.slice('file:'.length).split('?')[0]!)) {
    return { exitCode: 2, message: `audit log: no database at ${url}` };
  }
  const client = createClient({ url, authToken: config.DATABASE_AUTH_TOKEN });
  try {
    await client.execute('PRAGMA busy_timeout = 5000').catch(() => undefined);
    // Issue 14: the key the host keeps (AUDIT_KEY, else the one it generated in DATA_DIR).
    const key =
      config.AUDIT_KEY ??
      (config.DATA_DIR === undefined
        ? undefined
        : readSecret(join(config.DATA_DIR, AUDIT_KEY_FILE)));
    if (key === undefined) {
      const { rows } = await client.execute('SELECT seq FROM audit_checkpoints WHERE id = 1');
      if (rows.length > 0)
        return {
          exitCode: 2,
          message: `audit log: the chain is keyed: set AUDIT_KEY (or DATA_DIR holding ${AUDIT_KEY_FILE}) to check it`,
        };
    }
    const result = await verifyChain(client, VERIFY_PAGE_SIZE, key);
    return result.ok
      ? {
          exitCode: 0,
          message: `audit log: ${result.entries} entries, chain intact${key === undefined ? '' : ', signed head matches'}`,
        }
      : {
          exitCode: 1,
          message: `audit log: chain broken at entry #${result.first_broken.seq}: ${result.first_broken.reason}`,
        };
  } catch (error) {
    return { exitCode: 2, message: `audit log: could not be read: ${String(error)}` };
  } finally {
    client.close();
  }
}
