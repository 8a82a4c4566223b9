import { string as quoted } from '@json2csv/formatters';
import { Parser } from '@json2csv/plainjs';

/**
 * CSV exports (DESIGN 10): RFC 4180 through @json2csv/plainjs (never hand-quoted), a
 * header row, CRLF line ends. A text cell that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet may safely open it (DESIGN 10's formula prefix). */
export const defuseFormula = (value: string): string =>
  FORMULA_START.test(value) ? `'${value}` : value;

const quote = quoted();

export interface CsvField<T> {
  label: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/** Rows as CSV text, one column per field, in order. */
export function toCsv<T extends object>(
  rows: readonly T[],
  fields: readonly CsvField<T>[],
): string {
  const parser = new Parser<T, T>({
    fields: fields.map((f) => ({ label: f.label, value: (row: T) => f.value(row) ?? '' })),
    eol: '\r\n',
    withBOM: false,
    formatters: { string: (value: string) => quote(defuseFormula(value)) },
  });
  const csv = parser.parse(rows as T[]);
  // json2csv writes no header for no rows without `fields`; with them it does.
  return csv.endsWith('\r\n') || csv === '' ? csv : `${csv}\r\n`;
}

/** A CSV download: `text/csv; charset=utf-8` with a file name. */
export const csvResponse = (csv: string, filename: string): Response =>
  new Response(csv, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    },
  });
