import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root: the child runs from here so that its relative paths (web/dist) hold. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** A fixed secret: the bench logs in once and keeps its tokens for the whole run. */
const JWT_SECRET = 'bench-secret-that-is-at-least-32-characters-long';

export interface Host {
  url: string;
  pid: number;
  /** What the child wrote to stderr (unhandled errors, the carrier's complaints). */
  stderr(): string;
  /** Stops the child with SIGINT (it closes its database), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Every child started and not yet gone, so that a signal can stop one still starting. */
const running = new Set<ChildProcess>();

export async function stopHosts(graceMs: number): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, graceMs)));
}

export interface HostOptions {
  dbPath: string;
  /** Where `node --cpu-prof` writes the child's profile; no profile when unset. */
  cpuProfDir?: string | undefined;
}

/**
 * The Node host (worker/node.ts) as its own process, so that the load generator and the
 * server do not share one event loop. NODE_ENV is left out: production would ask for
 * things the bench does not need.
 */
export function startHost(options: HostOptions): Promise<Host> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV'),
  );
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  return startChild(
    [...profile, 'worker/node.ts'],
    /Airload is serving on http:\/\/localhost:(\d+)/,
    {
      ...env,
      DATABASE_URL: `file:${options.dbPath}`,
      PORT: '0',
      JWT_SECRET,
      SEED_DEMO: '1',
      // The outlet's daily limit (10,000,000 by default) would stop the run after 10,000 sales.
      DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
    },
  );
}

/** A null host of test/bench/null-host.ts (`node:http` or `hono`) as its own process. */
export const startNullHost = (kind: 'node:http' | 'hono'): Promise<Host> =>
  startChild(['test/bench/null-host.ts', kind], /null host on (\d+)/, process.env);

/**
 * `node [flags] --import tsx <script> [args]` from the repository root, ready once its
 * stdout matches `ready` (whose group is the port). `args` holds node's flags first.
 */
async function startChild(args: string[], ready: RegExp, env: NodeJS.ProcessEnv): Promise<Host> {
  const flags = args.filter((arg) => arg.startsWith('--'));
  const rest = args.filter((arg) => !arg.startsWith('--'));
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', ...rest], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    // Keep the head and the tail only: a failing run can write a lot.
    stderr = stderr.length < 64_000 ? stderr + chunk : stderr;
  });

  const stop = (graceMs = 10_000) => stopChild(child, graceMs);
  try {
    const port = await waitForPort(child, 60_000, ready);
    return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
}

function waitForPort(child: ChildProcess, timeoutMs: number, ready: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('the host did not start in time')), timeoutMs);
    const onData = (chunk: string) => {
      out += chunk;
      const match = ready.exec(out);
      if (match) {
        cleanup();
        // Keep draining stdout so that a chatty child never blocks on a full pipe.
        child.stdout!.resume();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`the host exited (${code}) before serving`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * CPU seconds (user + system, all threads) a process has used, from /proc on Linux;
 * undefined elsewhere. Assumes the usual 100 clock ticks per second.
 */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export async function postJson(url: string, body: unknown, token?: string): Promise<ApiAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

export async function login(base: string, credentials: Record<string, string>): Promise<string> {
  const res = await postJson(`${base}/api/v1/auth/login`, credentials);
  const token = (res.body as { token?: unknown }).token;
  if (res.status !== 200 || typeof token !== 'string') {
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return token;
}
