import type { InStatement } from '@libsql/client';
import { LibsqlError } from '@libsql/core/api';
import type { AuditEntry } from '../worker/audit/chain';
import type { RawResult } from './native-statements';

/**
 * What the main thread and the writer thread (db/writer-thread.ts) say to each other
 * (issue 13). Everything here survives a structured clone: rows as arrays of values,
 * errors as their fields, rebuilt on the main thread into the very errors the writer
 * threw, so a caller (and worker/ledger/violation.ts) sees what it saw before.
 */

export interface WriteJob {
  id: number;
  statements: InStatement[];
  audit: AuditEntry[];
}

/** Messages name the database they are about: one thread serves every file of a process. */
export type ToThread =
  | { type: 'open'; db: number; options: ThreadOptions }
  | { type: 'write'; db: number; jobs: WriteJob[] }
  | { type: 'close'; db: number };

export type Reply =
  | { id: number; ok: true; results: RawResult[] }
  | { id: number; ok: false; error: WireError };

/** One committed (or refused) group: its writes' answers and how many writes it held. */
export type FromThread =
  | { type: 'group'; db: number; size: number; ms: number; replies: Reply[] }
  | { type: 'closed'; db: number };

/** One database's writer: its file and, for the crash test, when the thread dies. */
export interface ThreadOptions {
  path: string;
  /** Keys the audit chain (issue 14): the thread appends the entries. */
  auditKey?: string | undefined;
  /**
   * Test only (CRASH_AT=writer_thread): the thread ends itself in the middle of the group
   * holding the n-th sale of this database, after that sale's statements ran and before COMMIT.
   */
  dieAtSale?: number | undefined;
}

export interface WireError {
  name: string;
  message: string;
  code?: string | undefined;
  extendedCode?: string | undefined;
  rawCode?: number | undefined;
  cause?: { name: string; message: string; code?: string | undefined } | undefined;
}

const fieldsOf = (error: unknown): WireError['cause'] =>
  error instanceof Error
    ? { name: error.name, message: error.message, code: stringField(error, 'code') }
    : { name: 'Error', message: String(error) };

function stringField(error: Error, name: string): string | undefined {
  const value = Reflect.get(error, name);
  return typeof value === 'string' ? value : undefined;
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof LibsqlError) {
    const prefix = `${error.code}: `;
    return {
      name: error.name,
      message: error.message.startsWith(prefix)
        ? error.message.slice(prefix.length)
        : error.message,
      code: error.code,
      extendedCode: error.extendedCode,
      rawCode: error.rawCode,
      cause: error.cause === undefined ? undefined : fieldsOf(error.cause),
    };
  }
  return { name: 'Error', message: String(error), ...fieldsOf(error) };
}

const builtIn: Record<string, new (message: string) => Error> = { RangeError, TypeError };

export function errorFromWire(wire: WireError): Error {
  // LibsqlBatchError (the HTTP client's, region-writer.ts) comes back as its base class.
  if (
    (wire.name === 'LibsqlError' || wire.name === 'LibsqlBatchError') &&
    wire.code !== undefined
  ) {
    const cause = wire.cause && Object.assign(new Error(wire.cause.message), wire.cause);
    return new LibsqlError(wire.message, wire.code, wire.extendedCode, wire.rawCode, cause);
  }
  const error = new (builtIn[wire.name] ?? Error)(wire.message);
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  return error;
}
