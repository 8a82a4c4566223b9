import { Buffer } from 'node:buffer';
import type { InArgs, InStatement, InValue, ResultSet, Value } from '@libsql/client';
// The class @libsql/client throws, from its own core: the writer thread loads this
// module, and the whole client costs it a second of start-up on a busy machine.
import { LibsqlError } from '@libsql/core/api';
import type Database from 'libsql';
import { type RawResult, toResultSet } from './result-set';

type Connection = InstanceType<typeof Database>;
type Statement = ReturnType<Connection['prepare']>;
type Bound = unknown[] | Record<string, unknown>;

export type { RawResult };
export { toResultSet };

interface Prepared {
  statement: Statement;
  /** Null for a statement that returns no rows (a plain write, a pragma that sets). */
  columns: string[] | null;
  columnTypes: string[];
}

/**
 * Runs statements on one raw libsql connection, the way @libsql/client's embedded
 * client does (same argument conversion, same rows with intMode 'number', same
 * LibsqlError messages such as "SQLITE_CONSTRAINT: UNIQUE constraint failed: ..."),
 * but keeps each prepared statement for the next call with the same SQL: preparing the
 * ledger's writes compiles their triggers each time, which was most of a sale's cost.
 */
export class StatementCache {
  private readonly cache = new Map<string, Prepared>();

  constructor(
    private readonly connection: Connection,
    private readonly capacity = 256,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  execute(statement: InStatement): ResultSet {
    return toResultSet(this.executeRaw(statement));
  }

  /**
   * As execute(), but the rows as plain arrays of values: what the writer thread sends
   * back to the main thread (a structured clone keeps neither a Row's getters nor toJSON).
   */
  executeRaw(statement: InStatement): RawResult {
    const { sql, args } =
      typeof statement === 'string' ? { sql: statement, args: undefined } : statement;
    try {
      const prepared = this.prepare(sql);
      const bound = bind(args);
      if (prepared.columns) {
        const rows = (prepared.statement.all(bound) as unknown[][]).map((raw) =>
          raw.map(valueFromSql),
        );
        // As @libsql/client: a statement that returns rows reports none affected.
        return {
          columns: prepared.columns,
          columnTypes: prepared.columnTypes,
          rows,
          rowsAffected: 0,
          lastInsertRowid: undefined,
        };
      }
      const info = prepared.statement.run(bound);
      return {
        columns: [],
        columnTypes: [],
        rows: [],
        rowsAffected: info.changes,
        lastInsertRowid: BigInt(info.lastInsertRowid),
      };
    } catch (error) {
      throw libsqlErrorOf(error);
    }
  }

  /** The cached statement for `sql`, most recently used last; the least recently used goes first. */
  private prepare(sql: string): Prepared {
    const cached = this.cache.get(sql);
    if (cached) {
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    const statement = this.connection.prepare(sql);
    statement.safeIntegers(true);
    let prepared: Prepared = { statement, columns: null, columnTypes: [] };
    if (statement.reader) {
      statement.raw(true);
      const definitions = statement.columns();
      prepared = {
        statement,
        columns: definitions.map((column) => column.name),
        columnTypes: definitions.map((column) => column.type ?? ''),
      };
    }
    if (this.cache.size >= this.capacity) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(sql, prepared);
    return prepared;
  }
}

/** Positional args stay an array (`?`, `?NNN`); named ones lose their `:`, `@` or `$`. */
function bind(args: InArgs | undefined): Bound {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(valueToSql);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const bare = name[0] === ':' || name[0] === '@' || name[0] === '$' ? name.slice(1) : name;
    named[bare] = valueToSql(value);
  }
  return named;
}

const MIN_INTEGER = -9223372036854775808n;
const MAX_INTEGER = 9223372036854775807n;

function valueToSql(value: InValue): unknown {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
  if (typeof value === 'bigint' && (value < MIN_INTEGER || value > MAX_INTEGER))
    throw new RangeError('bigint is too large to be represented as a 64-bit integer');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined)
    throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function valueFromSql(value: unknown): Value {
  if (typeof value === 'bigint') {
    if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER))
      throw new RangeError(
        'Received integer which cannot be safely represented as a JavaScript number',
      );
    return Number(value);
  }
  if (value instanceof Uint8Array)
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  return value as Value;
}

const BASE_CODES = [
  'SQLITE_OK',
  'SQLITE_ERROR',
  'SQLITE_INTERNAL',
  'SQLITE_PERM',
  'SQLITE_ABORT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_INTERRUPT',
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTFOUND',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  'SQLITE_EMPTY',
  'SQLITE_SCHEMA',
  'SQLITE_TOOBIG',
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_MISUSE',
  'SQLITE_NOLFS',
  'SQLITE_AUTH',
  'SQLITE_FORMAT',
  'SQLITE_RANGE',
  'SQLITE_NOTADB',
  'SQLITE_NOTICE',
  'SQLITE_WARNING',
];

interface SqliteError extends Error {
  code: string;
  rawCode?: number;
}

const isSqliteError = (error: unknown): error is SqliteError =>
  error instanceof Error &&
  error.name === 'SqliteError' &&
  typeof Reflect.get(error, 'code') === 'string';

/**
 * The driver's SqliteError as the LibsqlError @libsql/client would have thrown: the
 * message gains the base code ("SQLITE_CONSTRAINT: ...") and keeps the constraint's
 * or trigger's name, which worker/ledger/violation.ts matches on.
 */
export function libsqlErrorOf(error: unknown): unknown {
  if (!isSqliteError(error)) return error;
  const base =
    error.rawCode === undefined
      ? 'SQLITE_UNKNOWN'
      : (BASE_CODES[error.rawCode & 0xff] ?? `SQLITE_UNKNOWN_${error.rawCode & 0xff}`);
  return new LibsqlError(error.message, base, error.code, error.rawCode, error);
}
