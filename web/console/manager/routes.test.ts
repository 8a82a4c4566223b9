import { describe, expect, it } from 'vitest';
import { type ManagerRoute, managerHref, parseManagerRoute } from './routes';

describe('manager routes', () => {
  it('round-trips every screen', () => {
    const routes: ManagerRoute[] = [
      {
        name: 'outlets',
        query: { q: 'njeri', flag: 'dormant', frozen: undefined, sort: undefined },
      },
      { name: 'outlet', id: 'u_01' },
      { name: 'visit', id: 'u_01' },
      { name: 'reconciliation', day: '2026-12-01' },
      { name: 'reconciliation', day: undefined },
    ];
    for (const route of routes) expect(parseManagerRoute(managerHref(route))).toEqual(route);
  });

  it('leaves other screens to the shell and drops a bad id or day', () => {
    expect(parseManagerRoute('#/')).toBeUndefined();
    expect(parseManagerRoute('#/outlets/<script>')).toEqual({
      name: 'outlets',
      query: { q: '', flag: undefined, frozen: undefined, sort: undefined },
    });
    expect(parseManagerRoute('#/reconciliation?day=yesterday')).toEqual({
      name: 'reconciliation',
      day: undefined,
    });
  });
});
