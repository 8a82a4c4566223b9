import { existsSync } from 'node:fs';
import { createClient } from '@libsql/client';
import type { Config } from '../env';
import { verifyChain } from './verify';

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
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_AUTH_TOKEN'>,
): Promise<VerifyOutcome> {
  const url = config.DATABASE_URL;
  // Opening a missing file would create an empty database, and report nothing useful.
  if (url.startsWith('file:') && !existsSync(url.slice('file:'.length).split('?')[0]!)) {
    return { exitCode: 2, message: `audit log: no database at ${url}` };
  }
  const client = createClient({ url, authToken: config.DATABASE_AUTH_TOKEN });
  try {
    await client.execute('PRAGMA busy_timeout = 5000').catch(() => undefined);
    const result = await verifyChain(client);
    return result.ok
      ? { exitCode: 0, message: `audit log: ${result.entries} entries, chain intact` }
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
