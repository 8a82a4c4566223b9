import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A fresh directory under the OS temp dir (BENCH_TMPDIR to choose the disk), removed by `removeTempDirs`. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR || tmpdir(), `airload-bench-${prefix}-`));
  made.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** Synchronous, so that it also runs from a signal handler on the way out. */
export function removeTempDirs(): void {
  for (const dir of [...made]) removeTempDir(dir);
}
