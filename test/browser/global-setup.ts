import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Once per run of the browser project: installs Debian's chromium when it is missing
 * (scripts/setup-chromium.sh) and builds the PWA into web/dist, which the Node host
 * serves to the tests. Only runs when a browser test file is part of the run.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(): void {
  execFileSync('bash', ['scripts/setup-chromium.sh'], { cwd: ROOT, stdio: 'inherit' });
  // Its own process: vitest sets NODE_ENV=test, which would build Lit's development mode.
  const vite = `${ROOT}node_modules/vite/bin/vite.js`;
  execFileSync(process.execPath, [vite, 'build', 'web', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}
