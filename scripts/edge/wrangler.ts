import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answers, type Child, freePort, startChild, waitReady } from './process';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Wrangler {
  url: string;
  child: Child;
  /** Runs the cron trigger once (wrangler's --test-scheduled route) and waits for it. */
  scheduled(): Promise<void>;
  stop(): Promise<void>;
}

export interface WranglerOptions {
  /** Worker vars and secrets, passed with --var (they win over .dev.vars). */
  vars: Record<string, string>;
  port?: number;
  /** Static assets instead of wrangler.toml's web/dist (tests need no built PWA). */
  assets?: string;
  /**
   * The project to serve, default this checkout. wrangler dev rebuilds and restarts the
   * Worker whenever a source file changes, failing the requests in flight: tests serve
   * a snapshot (snapshotWorker) that nobody edits under them.
   */
  root?: string;
  echo?: boolean;
  /**
   * false: wrangler's dev server without its DevTools inspector (scripts/edge/dev-server.ts,
   * for the edge benchmark), with the same port, vars, assets and scheduled route.
   * Default: the `wrangler dev` CLI, whose inspector is always on.
   */
  inspector?: boolean;
}

/**
 * `wrangler dev` (workerd, locally) serving worker/index.ts on loopback, ready once its
 * /health answers, which needs the database too.
 */
export async function startWrangler(options: WranglerOptions): Promise<Wrangler> {
  const port = options.port ?? (await freePort());
  const inspector = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'airload-wrangler-'));
  const args = [
    'dev',
    '--config',
    join(options.root ?? ROOT, 'wrangler.toml'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
  ];
  args.push('--inspector-port', String(inspector), '--persist-to', state, '--test-scheduled');
  args.push('--show-interactive-dev-session=false', '--live-reload=false');
  if (options.assets) args.push('--assets', options.assets);
  for (const [name, value] of Object.entries(options.vars)) args.push('--var', `${name}:${value}`);
  const [command, commandArgs]: [string, string[]] =
    options.inspector === false
      ? [
          TSX,
          [
            join(ROOT, 'scripts', 'edge', 'dev-server.ts'),
            join(options.root ?? ROOT, 'wrangler.toml'),
            String(port),
            state,
            options.assets ?? '',
            JSON.stringify(options.vars),
          ],
        ]
      : [WRANGLER, args];
  const child = startChild('wrangler', command, commandArgs, {
    cwd: options.root ?? ROOT,
    // No telemetry and no update check: the machines here reach only the npm registry.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_UPDATE_NOTIFIER: '1' },
    echo: options.echo,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop();
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitReady(child, () => answers(`${url}/health`), 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    child,
    async scheduled() {
      // --test-scheduled's route: it runs the handler and answers when it has finished.
      const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`scheduled run failed: ${res.status} ${text}`);
    },
    stop,
  };
}

/**
 * A copy of what the Worker is built from (worker/, db/, wrangler.toml and the configs
 * esbuild reads) in `dir`, taken from `from` (default this checkout), with node_modules
 * linked: a `wrangler dev` of it is not restarted by an edit in this checkout while a
 * test runs. Each `wrangler dev` needs a copy of its own: it writes its bundles under
 * the project's .wrangler/tmp, and a second one in the same project restarts the first
 * mid-request (a 503 "Your worker restarted mid-request", seen in CI).
 */
export function snapshotWorker(dir: string, from = ROOT): string {
  mkdirSync(dir, { recursive: true });
  for (const path of ['core', 'worker', 'db', 'wrangler.toml', 'package.json', 'tsconfig.json']) {
    cpSync(join(from, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
