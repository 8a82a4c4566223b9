import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Child processes for the edge host's local stack (sqld, wrangler): each in its own
 * process group, so that stopping one also ends what it started (wrangler runs workerd),
 * and nothing else.
 */

export interface Child {
  name: string;
  pid: number;
  /** What it printed so far (stdout and stderr, in arrival order; the last 256 KiB). */
  output(): string;
  running(): boolean;
  /** Settles when the process has ended. */
  exited: Promise<void>;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Child>();

/** Last resort when the parent exits without stopping them (a crash, process.exit). */
process.once('exit', () => {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean } = {},
): Child {
  const proc: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  let output = '';
  const collect = (chunk: string) => {
    output = (output + chunk).slice(-256 * 1024);
    if (options.echo) process.stdout.write(`[${name}] ${chunk}`);
  };
  proc.stdout!.setEncoding('utf8').on('data', collect);
  proc.stderr!.setEncoding('utf8').on('data', collect);
  const running = () => proc.exitCode === null && proc.signalCode === null;
  const exited = new Promise<void>((resolve) => {
    if (!running()) resolve();
    else proc.once('exit', () => resolve());
  });
  const pid = proc.pid;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // the group is gone
    }
  };
  const child: Child = {
    name,
    pid,
    output: () => output,
    running,
    exited,
    async stop(graceMs = 5_000) {
      if (running()) signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // What the leader started may outlive it briefly: end the rest of the group too.
      signal('SIGKILL');
      live.delete(child);
    },
  };
  live.add(child);
  void exited.then(() => live.delete(child));
  return child;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `ready` until it is true; rejects with the child's output when the child exits
 * or `timeoutMs` passes first.
 */
export async function waitReady(
  child: Child,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (!child.running()) {
      throw new Error(`${child.name} exited before it was ready; its output:\n${child.output()}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${child.name} was not ready in ${timeoutMs} ms; its output:\n${child.output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** True when GET `url` answers 200. */
export async function answers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await res.body?.cancel();
  return res.ok;
}
