import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSqld } from '../setup-sqld';
import { answers, type Child, freePort, startChild, waitReady } from './process';

export interface Sqld {
  /** The HTTP URL the app and the clients use (DATABASE_URL). */
  url: string;
  /** The gRPC URL replicas follow (only when started with `grpc: true`). */
  grpcUrl?: string;
  child: Child;
  /** Stops the server and, unless it was given a dbPath, deletes its data. */
  stop(): Promise<void>;
}

export interface SqldOptions {
  /** Where the data lives; a fresh temporary directory when unset. */
  dbPath?: string;
  httpPort?: number;
  /** Listen for replicas on a free loopback port. */
  grpc?: boolean;
  /** Start as a replica of the primary at this gRPC URL. */
  primaryGrpcUrl?: string;
  echo?: boolean;
}

/** An sqld (libSQL server) on loopback, ready to answer; a primary unless primaryGrpcUrl is given. */
export async function startSqld(options: SqldOptions = {}): Promise<Sqld> {
  const binary = ensureSqld();
  const temporary = options.dbPath === undefined;
  const dir = options.dbPath ?? mkdtempSync(join(tmpdir(), 'airload-sqld-'));
  const httpPort = options.httpPort ?? (await freePort());
  const grpcPort = options.grpc ? await freePort() : undefined;
  const args = ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${httpPort}`];
  args.push('--no-welcome', '--disable-metrics');
  if (grpcPort) args.push('--grpc-listen-addr', `127.0.0.1:${grpcPort}`);
  if (options.primaryGrpcUrl) args.push('--primary-grpc-url', options.primaryGrpcUrl);
  const role = options.primaryGrpcUrl ? 'sqld replica' : 'sqld';
  const child = startChild(role, binary, args, {
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
    echo: options.echo,
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    await child.stop();
    if (temporary) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(child, () => answers(`${url}/health`), 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, grpcUrl: grpcPort ? `http://127.0.0.1:${grpcPort}` : undefined, child, stop };
}
