import { describe, expect, it } from 'vitest';
import { nextSort, parseQuery, queryString, sameQuery } from './outlet-query';

describe('outlet query', () => {
  it('round-trips every filter through the query string', () => {
    const query = {
      q: 'Mama Njeri',
      flag: 'low_float' as const,
      frozen: true,
      sort: { column: 'available' as const, descending: true },
    };
    const text = queryString(query);
    expect(text).toBe('?q=Mama+Njeri&flag=low_float&frozen=true&sort=-available');
    expect(parseQuery(new URLSearchParams(text))).toEqual(query);
  });

  it('adds the cursor for the next page after the filters', () => {
    expect(queryString({ q: '', flag: 'dormant' }, 'c1')).toBe('?flag=dormant&cursor=c1');
    expect(queryString({ q: '  ' })).toBe('');
  });

  it('drops values that are not a flag, a column or a boolean', () => {
    const query = parseQuery(new URLSearchParams('flag=rich&frozen=maybe&sort=-password&q=x'));
    expect(query).toEqual({ q: 'x', flag: undefined, frozen: undefined, sort: undefined });
  });

  it('keeps frozen=false apart from no frozen filter', () => {
    expect(parseQuery(new URLSearchParams('frozen=false')).frozen).toBe(false);
    expect(queryString({ q: '', frozen: false })).toBe('?frozen=false');
  });

  it('sorts numbers biggest first and names A to Z, and flips on a second click', () => {
    expect(nextSort(undefined, 'available')).toEqual({ column: 'available', descending: true });
    expect(nextSort(undefined, 'name')).toEqual({ column: 'name', descending: false });
    const flipped = nextSort({ column: 'available', descending: true }, 'available');
    expect(flipped).toEqual({ column: 'available', descending: false });
    expect(nextSort(flipped, 'last_seen_at')).toEqual({ column: 'last_seen_at', descending: true });
  });

  it('compares queries by what they ask', () => {
    expect(sameQuery({ q: 'a ' }, { q: 'a', flag: undefined })).toBe(true);
    expect(sameQuery({ q: 'a' }, { q: 'a', frozen: false })).toBe(false);
  });
});
