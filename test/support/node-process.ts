import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createSimulatorApp } from '../../worker/carrier/sim-server';
import { CarrierSimulator, type SimulatorOptions } from '../../worker/carrier/simulator';

/**
 * The Node host (worker/node.ts) as a real child process, for the suites that are about
 * the process itself: crashes, restarts, chaos. Started as `node --import tsx`, one
 * process, so a signal reaches the host itself and not a wrapper.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../worker/node.ts', import.meta.url));
const READY = /Airload is serving on http:\/\/localhost:(\d+)/;

/** Only what Node itself needs: the host's configuration is exactly what the caller passes. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT'];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeHost {
  /** `http://127.0.0.1:<port>`, the port the host reported (start it with PORT=0). */
  url: string;
  pid: number;
  /** Settles when the process has ended, however it ended. */
  exited: Promise<Exit>;
  running(): boolean;
  /** stdout and stderr so far, in the order they arrived. */
  output(): string;
  /** SIGTERM, the host's clean shutdown; SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
  /** SIGKILL, when still running. */
  kill(): Promise<Exit>;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A process that could not be spawned has no pid and never emits 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
}

/**
 * Starts the host with `env` as its whole configuration and resolves once it serves.
 * Rejects, with the host's output, when it exits or stays silent for `readyMs` first.
 */
export async function startNodeHost(
  env: Record<string, string>,
  // An upper bound, not a wait: start-up (migrations, the writer thread, the demo seed)
  // takes seconds on a quiet machine and several times that on two busy cores.
  readyMs = 60_000,
): Promise<NodeHost> {
  const inherited = INHERITED.flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [[name, value]];
  });
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    // Cheap PIN hashes for the demo seed of every host these suites start (the real
    // count and its cap are worker/auth/kdf.test.ts's); a caller may still set its own.
    env: { ...Object.fromEntries(inherited), KDF_ITERATIONS: '20000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  let output = '';
  /** stdout until the ready line, where the port is read from. */
  let stdout: string | undefined = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });

  const running = () => child.exitCode === null && child.signalCode === null;
  const kill = () => {
    if (running()) child.kill('SIGKILL');
    return exited;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (stdout === undefined) return;
      stdout += chunk;
      const ready = READY.exec(stdout);
      if (ready) {
        stdout = undefined;
        resolve(Number(ready[1]));
      }
    });
    child.once('error', reject);
    void exited.then((exit) =>
      reject(new Error(`the host exited before serving (${describeExit(exit)})`)),
    );
    timer = setTimeout(
      () => reject(new Error(`the host did not serve within ${readyMs} ms`)),
      readyMs,
    );
  }).catch(async (error: Error) => {
    await kill();
    throw new Error(`${error.message}; its output:\n${output}`);
  });
  clearTimeout(timer);

  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    exited,
    running,
    output: () => output,
    async stop(graceMs = 5_000) {
      if (running()) child.kill('SIGTERM');
      const deadline = setTimeout(kill, graceMs);
      const exit = await exited;
      clearTimeout(deadline);
      return exit;
    },
    kill,
  };
}

function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/**
 * The hosts one suite started, so that none outlives its test (kill them in afterEach)
 * and a failed test can show what they printed.
 */
export class NodeHosts {
  private hosts: NodeHost[] = [];

  async start(env: Record<string, string>, readyMs?: number): Promise<NodeHost> {
    const host = await startNodeHost(env, readyMs);
    this.hosts.push(host);
    return host;
  }

  /** Each host's output, headed by its pid and how it ended. */
  report(): string {
    return this.hosts
      .map(
        (host) =>
          `--- host ${host.pid} (${host.running() ? 'running' : 'ended'}) ---\n${host.output()}`,
      )
      .join('\n');
  }

  async killAll(): Promise<void> {
    const hosts = this.hosts;
    this.hosts = [];
    await Promise.all(hosts.map((host) => host.kill()));
  }
}

export interface CarrierServer {
  /** Pass as CARRIER_URL. */
  url: string;
  /** The carrier's own record: `simulator.credited()`, the same as its GET /credited. */
  simulator: CarrierSimulator;
  close(): Promise<void>;
}

/**
 * The standalone carrier simulator (sim-server.ts) in the test process on a free
 * loopback port, so it outlives the hosts that call it and remembers what it credited.
 */
export async function startCarrierServer(options: SimulatorOptions = {}): Promise<CarrierServer> {
  const simulator = new CarrierSimulator(options);
  const app = createSimulatorApp(simulator);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    simulator,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
    },
  };
}
