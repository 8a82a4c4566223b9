import type { ResultSet, Row, Value } from '@libsql/client';

/**
 * A statement's result as plain data and back: what a writer in another thread (the
 * Node host's writer thread) or another object (the Workers host's region writer, a
 * Durable Object) sends back for each write, since neither a structured clone nor JSON
 * keeps a Row's column properties. No Node imports: the Worker bundles this.
 */

/** A statement's result with its rows as arrays of values (structured-clone safe). */
export interface RawResult {
  columns: string[];
  columnTypes: string[];
  rows: Value[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

/** A row readable by index and by column name, with a non-enumerable length (as @libsql/client's). */
function rowOf(raw: Value[], columns: string[]): Row {
  const row: Record<string | number, Value> = {};
  Object.defineProperty(row, 'length', { value: raw.length });
  raw.forEach((value, i) => {
    Object.defineProperty(row, i, { value });
    const column = columns[i]!;
    if (!Object.hasOwn(row, column))
      Object.defineProperty(row, column, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
  });
  return row as unknown as Row;
}

/** The ResultSet @libsql/client would have given for `raw`. */
export function toResultSet(raw: RawResult): ResultSet {
  const { columns, columnTypes, rowsAffected, lastInsertRowid } = raw;
  const rows = raw.rows.map((values) => rowOf(values, columns));
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({
      columns,
      columnTypes,
      rows: rows.map((row) => Array.from(row, (v) => (typeof v === 'bigint' ? String(v) : v))),
      rowsAffected,
      lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid),
    }),
  };
}

/** The plain form of `result` (rows as arrays of values), for sending it on. */
export function rawOf(result: ResultSet): RawResult {
  const { columns, columnTypes, rowsAffected, lastInsertRowid } = result;
  return {
    columns,
    columnTypes,
    rows: result.rows.map((row) => Array.from(row)),
    rowsAffected,
    lastInsertRowid,
  };
}
