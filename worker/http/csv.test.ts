import { describe, expect, it } from 'vitest';
import { csvResponse, defuseFormula, toCsv } from './csv';

interface Row {
  name: string;
  total: number;
  note: string | null;
}
const fields = [
  { label: 'name', value: (r: Row) => r.name },
  { label: 'total', value: (r: Row) => r.total },
  { label: 'note', value: (r: Row) => r.note },
];

describe('csv (DESIGN 10)', () => {
  it('quotes per RFC 4180 with a header row and CRLF line ends', () => {
    const csv = toCsv<Row>(
      [
        { name: 'Shop, "Main"', total: 1500, note: 'two\nlines' },
        { name: 'Plain', total: -3, note: null },
      ],
      fields,
    );
    expect(csv).toBe(
      '"name","total","note"\r\n"Shop, ""Main""",1500,"two\nlines"\r\n"Plain",-3,""\r\n',
    );
  });

  it.each(['=SUM(A1)', '+254700000101', '-1', '@cmd', '\tx', '\rx'])(
    'prefixes the formula-looking cell %j with an apostrophe',
    (cell) => {
      expect(defuseFormula(cell)).toBe(`'${cell}`);
      expect(toCsv([{ name: cell, total: 1, note: null }], fields).split('\r\n')[1]).toBe(
        `"'${cell}",1,""`,
      );
    },
  );

  it('leaves ordinary text and numbers alone', () => {
    expect(defuseFormula('Demo Shop 101')).toBe('Demo Shop 101');
    expect(toCsv<Row>([], fields)).toBe('"name","total","note"\r\n');
  });

  it('answers text/csv in UTF-8 as a download', async () => {
    const res = csvResponse('a\r\n', 'report 2026-12-01.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="report_2026-12-01.csv"',
    );
    expect(await res.text()).toBe('a\r\n');
  });
});
