import type { InStatement, ResultSet } from '@libsql/client';
import { createClient } from '@libsql/client/web';
import { ReplicationMark, remoteFetch } from '../../db/remote-fetch';
import { type RawResult, rawOf, toResultSet } from '../../db/result-set';
import { errorFromWire, errorToWire, type WireError } from '../../db/writer-protocol';
import type { AuditEntry } from '../audit/chain';
import { parseConfig } from '../env';
import { GroupQueue, type LaneOptions } from './batch-writer';
import type { Writer } from './writer';

/**
 * The region's single writer on Workers (DESIGN 2, issue 13): a Durable Object that
 * receives every write of the region's database, group-commits them into one libSQL
 * batch (GroupQueue) and keeps the audit chain's tail. There is one per database (the
 * host names it by DATABASE_URL, worker/index.ts), so no two isolates race each other
 * for the write lock or the chain, and no isolate polls a shared queue.
 *
 * It answers a write only once its group's batch has committed: no sale is acknowledged
 * before its COMMIT. Each answer carries the replication index its writes reached, which
 * the isolate keeps for its reads (db/remote-fetch.ts, read-your-writes). Reads never
 * come here: they go straight to libSQL from the isolate.
 */

/** What the isolate sends: one write. */
export interface RegionWrite {
  statements: InStatement[];
  audit: AuditEntry[];
}

/** What the region writer answers, as writer-protocol's Reply, with the replication mark. */
export type RegionReply = { mark: number } & (
  | { ok: true; results: RawResult[] }
  | { ok: false; error: WireError }
);

/**
 * JSON that keeps what a statement's arguments and results may hold besides JSON's own
 * values: integers as bigint (lastInsertRowid) and bytes (a visit's photo).
 */
const BIGINT = '$bigint';
const BYTES = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, json) {
    // The value before its toJSON (a Buffer's turns it into numbers).
    const raw = this[key];
    if (typeof raw === 'bigint') return { [BIGINT]: String(raw) };
    if (raw instanceof ArrayBuffer) return { [BYTES]: toBase64(new Uint8Array(raw)) };
    if (ArrayBuffer.isView(raw)) {
      return { [BYTES]: toBase64(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)) };
    }
    return json;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    if (keys[0] === BIGINT) return BigInt(value[BIGINT]);
    // As @libsql/client gives a blob: an ArrayBuffer.
    if (keys[0] === BYTES)
      return Uint8Array.from(atob(value[BYTES]), (c) => c.charCodeAt(0)).buffer;
    return value;
  });
}

/** Answers one region's writes: the Durable Object's logic, without the runtime. */
export class RegionWriterCore {
  constructor(
    private readonly queue: Pick<GroupQueue, 'write'>,
    private readonly mark: ReplicationMark,
  ) {}

  async answer(write: RegionWrite): Promise<RegionReply> {
    try {
      const results = await this.queue.write(write.statements, write.audit);
      return { ok: true, results: results.map(rawOf), mark: this.mark.value };
    } catch (error) {
      return { ok: false, error: errorToWire(error), mark: this.mark.value };
    }
  }
}

/** Most writes in one batch: a sale's hold is about ten statements with its audit entry. */
const MAX_GROUP = 64;

/**
 * The Durable Object class (wrangler.toml [[durable_objects.bindings]] REGION_WRITER),
 * exported by worker/index.ts. Its fetch takes one write (POST, encodeWire) and answers
 * a RegionReply. `state` is unused: the chain's tail lives in the database, read once.
 */
export class RegionWriter {
  private readonly core: RegionWriterCore;

  constructor(_state: unknown, env: Record<string, string | undefined>, options: LaneOptions = {}) {
    const config = parseConfig(env);
    const mark = new ReplicationMark();
    const client = createClient({
      url: config.DATABASE_URL,
      authToken: config.DATABASE_AUTH_TOKEN,
      fetch: remoteFetch({ mark }),
    });
    const queue = new GroupQueue(client, {
      maxGroup: MAX_GROUP,
      auditKey: config.AUDIT_KEY,
      ...options,
    });
    this.core = new RegionWriterCore(queue, mark);
  }

  fetch(request: Request): Promise<Response> {
    return respond(this.core, request);
  }
}

/** The Durable Object's answer to `request`: one write in, its RegionReply out. */
export async function respond(core: RegionWriterCore, request: Request): Promise<Response> {
  if (request.method !== 'POST') return new Response('method not allowed', { status: 405 });
  const write = decodeWire(await request.text()) as RegionWrite;
  const reply = await core.answer(write);
  return new Response(encodeWire(reply), { headers: { 'content-type': 'application/json' } });
}

/** A Durable Object stub, as much of it as is used here. */
export interface RegionStub {
  fetch(url: string, init: { method: string; body: string }): Promise<Response>;
}

/**
 * The isolate's Writer on the Workers host: each write goes to the region's Durable
 * Object and comes back alone, with the results or the error its batch gave (rebuilt as
 * @libsql/client's, so worker/ledger/violation.ts reads it as before). `stub` belongs to
 * the request (a stub is that request's I/O); `mark` to the isolate.
 */
export class RegionClient implements Writer {
  constructor(
    private readonly stub: RegionStub,
    private readonly mark: ReplicationMark,
  ) {}

  async write(statements: InStatement[], audit: AuditEntry[] = []): Promise<ResultSet[]> {
    const response = await this.stub.fetch('https://region-writer/write', {
      method: 'POST',
      body: encodeWire({ statements, audit } satisfies RegionWrite),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`the region writer answered ${response.status}: ${text}`);
    const reply = decodeWire(text) as RegionReply;
    this.mark.value = Math.max(this.mark.value, reply.mark);
    if (!reply.ok) throw errorFromWire(reply.error);
    return reply.results.map(toResultSet);
  }

  async close(): Promise<void> {}
}
