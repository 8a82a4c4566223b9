import { describe, expect, it } from 'vitest';
import { attachmentName } from './csv-download';

describe('csv download', () => {
  it('takes the server’s file name, quoted or not', () => {
    expect(attachmentName('attachment; filename="outlets-2026-12-01.csv"', 'x.csv')).toBe(
      'outlets-2026-12-01.csv',
    );
    expect(attachmentName('attachment; filename=sales.csv', 'x.csv')).toBe('sales.csv');
    expect(attachmentName("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv", 'x.csv')).toBe(
      'résumé.csv',
    );
  });

  it('falls back when there is none, and never keeps a path', () => {
    expect(attachmentName(null, 'outlets.csv')).toBe('outlets.csv');
    expect(attachmentName('attachment', 'outlets.csv')).toBe('outlets.csv');
    expect(attachmentName('attachment; filename="../../etc/x.csv"', 'o.csv')).toBe(
      '.._.._etc_x.csv',
    );
  });
});
