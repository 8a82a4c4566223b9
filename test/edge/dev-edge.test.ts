import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, WATCHDOG_GRACE_S } from '../../scripts/edge/process';
import { ROOT, snapshotWorker } from '../../scripts/edge/wrangler';
import { sqldPath } from '../../scripts/setup-sqld';

/**
 * Issue 14 item 3: stopping `npm run dev:edge` at any moment leaves no sqld, wrangler or
 * workerd behind. Each run is a copy of the project in a temporary folder (its own
 * .dev.vars, DATA_DIR and port), started the way a terminal or a supervisor starts it, in
 * a process group of its own (tsx and the script), and signalled as a group. What is
 * left of a run is found in /proc by a marker in the environment every descendant
 * inherits, or by the run's folder in its command line or working directory.
 */

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  marker: string;
  dir: string;
  proc: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

async function startDevEdge(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'airload-dev-edge-'));
  folders.push(dir);
  const project = snapshotWorker(join(dir, 'project'));
  cpSync(join(ROOT, 'scripts'), join(project, 'scripts'), { recursive: true });
  // wrangler.toml's assets: the API needs no built PWA.
  mkdirSync(join(project, 'web', 'dist'), { recursive: true });
  writeFileSync(join(project, 'web', 'dist', 'index.html'), '<!doctype html><title>t</title>\n');
  const marker = `AIRLOAD_DEV_EDGE_RUN=${randomUUID()}`;
  const proc = spawn(TSX, [join(project, 'scripts', 'dev-edge.ts')], {
    cwd: project,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      [marker.split('=')[0]!]: marker.split('=')[1],
      PORT: String(await freePort()),
      DATA_DIR: join(dir, 'data'),
      SEED_DEMO: '0',
      SQLD_PATH: sqldPath(),
      CARRIER_URL: '',
    },
  });
  let output = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { marker, dir, proc, output: () => output, exited };
}

interface Found {
  pid: number;
  cmdline: string;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
};

/** Every process of the run still alive (zombies are already dead and not counted). */
function processesOf(run: Run): Found[] {
  const found: Found[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat === '' || / Z /.test(stat.slice(stat.lastIndexOf(')')))) continue;
    const cmdline = read(`/proc/${entry}/cmdline`).replace(/\0/g, ' ').trim();
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      // gone, or not ours to read
    }
    const environ = read(`/proc/${entry}/environ`).split('\0');
    if (environ.includes(run.marker) || cmdline.includes(run.dir) || cwd.startsWith(run.dir)) {
      found.push({ pid: Number(entry), cmdline });
    }
  }
  return found;
}

async function until(what: string, run: Run, ready: () => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`no ${what} in ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const running = (run: Run, name: RegExp) => () =>
  processesOf(run).some((p) => name.test(p.cmdline));

/** Signals the run's group, then waits for every process of the run to be gone. */
async function stopAndCount(run: Run, signal: NodeJS.Signals): Promise<Found[]> {
  process.kill(-run.proc.pid!, signal);
  await run.exited;
  const deadline = Date.now() + (WATCHDOG_GRACE_S + 15) * 1000;
  let left = processesOf(run);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = processesOf(run);
  }
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return left;
}

describe('stopping npm run dev:edge (issue 14 item 3)', () => {
  it('leaves nothing running when stopped during start-up (SIGINT, SIGHUP, SIGTERM)', async () => {
    // One after another: three wrangler builds at once would slow the other edge files.
    const moments: Array<[string, RegExp, NodeJS.Signals]> = [
      // sqld has been started, and is not known to answer yet.
      ['sqld', /--db-path/, 'SIGINT'],
      ['wrangler', /wrangler.* dev /, 'SIGHUP'],
      ['workerd', /workerd/, 'SIGTERM'],
    ];
    const left: Found[][] = [];
    for (const [what, name, signal] of moments) {
      const run = await startDevEdge();
      await until(what, run, running(run, name));
      left.push(await stopAndCount(run, signal));
    }
    expect(left).toEqual([[], [], []]);
  }, 240_000);

  it('leaves nothing running when stopped while serving, or killed outright', async () => {
    const runs = await Promise.all([startDevEdge(), startDevEdge()]);
    const serving = (run: Run) => () => run.output().includes('is serving on');
    await Promise.all(runs.map((run) => until('/health', run, serving(run))));
    const [terminated, killed] = runs;
    // SIGKILL cannot be caught: the children's watchdogs see their parent gone.
    const left = await Promise.all([
      stopAndCount(terminated!, 'SIGTERM'),
      stopAndCount(killed!, 'SIGKILL'),
    ]);
    expect(left).toEqual([[], []]);
  }, 240_000);
});
