import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A key the embedded host keeps in DATA_DIR when the environment gives none (DESIGN 13):
 * read back on every start, so what it signs outlives the process. Node only.
 */
export interface PersistedSecret {
  value: string;
  path: string;
  /** True when this call generated it. */
  created: boolean;
}

/** The secret in `<dataDir>/<name>`, generated (32 random bytes, hex) owner-only when missing. */
export function persistedSecret(dataDir: string, name: string): PersistedSecret {
  const path = join(dataDir, name);
  const existing = readSecret(path);
  if (existing !== undefined) return { value: existing, path, created: false };
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('hex');
  try {
    // 'wx': two hosts starting at once must not each write a key of their own.
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: readSecret(path)!, path, created: false };
  }
  chmodSync(path, 0o600);
  return { value, path, created: true };
}

/** The secret in `path` when the file exists; never creates it (audit:verify reads only). */
export function readSecret(path: string): string | undefined {
  try {
    const value = readFileSync(path, 'utf8').trim();
    return value === '' ? undefined : value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export const AUDIT_KEY_FILE = 'audit.key';
