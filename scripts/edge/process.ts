import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Child processes for the edge host's local stack (sqld, wrangler): each in its own
 * process group, so that stopping one also ends what it started (wrangler runs workerd),
 * and nothing else.
 *
 * Issue 14 item 3: a child must not outlive its parent, however the parent ends. Signals
 * and `process.exit` are handled here and in scripts/dev-edge.ts, but a SIGKILL (tsx
 * sends one when its child is slow to acknowledge a relayed signal) cannot be caught. So
 * each child runs under a watchdog, a POSIX shell (WATCHDOG) that leads the child's
 * process group and holds the read end of a pipe whose only writer is the parent: when
 * the parent dies, by any means, the kernel closes that pipe, the watchdog reads EOF and
 * ends the group (SIGTERM, then SIGKILL after WATCHDOG_GRACE_S). Linux's
 * PR_SET_PDEATHSIG would end only the direct child, not workerd under wrangler.
 */

export interface Child {
  name: string;
  /** The watchdog's pid, which is also the child's process group. */
  pid: number;
  /** What it printed so far (stdout and stderr, in arrival order; the last 256 KiB). */
  output(): string;
  running(): boolean;
  /** Settles when the process has ended. */
  exited: Promise<void>;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
}

export const WATCHDOG_GRACE_S = 5;

/**
 * `sh -c WATCHDOG <name> <command> <args...>`. The command gets /dev/null as its stdin;
 * the pipe (fd 0 of the watchdog, kept as fd 3) goes only to the watcher subshell, which
 * ignores the group's signals so that it lives to escalate. The watchdog itself traps
 * them (the child, in the same group, gets each one directly) and exits with the
 * child's status once the child has ended.
 */
const WATCHDOG = `exec 3<&0 0</dev/null
"$@" 3<&- &
child=$!
(
  trap '' TERM INT HUP
  while read -r _; do :; done <&3
  kill -TERM 0
  sleep ${WATCHDOG_GRACE_S}
  kill -KILL 0
) >/dev/null 2>&1 &
exec 3<&-
trap : TERM INT HUP
while :; do
  wait "$child"
  code=$?
  kill -0 "$child" 2>/dev/null || break
done
exit "$code"`;

const live = new Set<Child>();
let closing = false;

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

/**
 * Stops every child still running, including one that is still starting, and refuses
 * to start any more: the shutdown of a process that may be interrupted at any moment.
 */
export async function stopChildren(graceMs?: number): Promise<void> {
  closing = true;
  await Promise.all([...live].map((child) => child.stop(graceMs)));
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean } = {},
): Child {
  if (closing) throw new Error(`not starting ${name}: stopping`);
  const proc: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, name, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    // stdin: the pipe the watchdog watches; nothing is ever written to it.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  proc.stdin!.on('error', () => {});
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
