import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A generated key the embedded host keeps in DATA_DIR (DESIGN 13), so that a restart
 * does not log every shop out (issue 14 item 6). Node-only: the app never does file IO.
 * The file is readable by its owner only (0600); a file found with looser permissions
 * is tightened. Two hosts starting at once on the same folder agree on one key: the
 * file is created exclusively, and the loser reads the winner's.
 */
export function keptKey(dataDir: string, name: string): { key: string; path: string } {
  const path = join(dataDir, name);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 32) throw new Error(`${path} holds no key of 32 characters or more`);
  return { key, path };
}
