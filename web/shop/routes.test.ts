import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from './routes';

describe('routes', () => {
  it('reads back every route it writes', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'sell' },
      { name: 'sell', again: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
      { name: 'receipt', ref: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
      { name: 'sale', ref: 'abc' },
      { name: 'history', day: '2025-06-15' },
      { name: 'commission', month: '2025-06' },
      { name: 'visit-code' },
      { name: 'stock' },
    ];
    for (const route of routes) {
      expect(parseRoute(href(route))).toEqual({
        again: undefined,
        day: undefined,
        month: undefined,
        ...route,
      });
    }
  });

  it('falls back to a safe screen for anything it does not know', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'home' });
    expect(parseRoute('#/sale/')).toEqual({ name: 'history' });
    expect(parseRoute('#/sale/<script>')).toEqual({ name: 'history' });
    expect(parseRoute('#/history?day=yesterday')).toEqual({ name: 'history', day: undefined });
  });
});
