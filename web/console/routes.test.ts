import { describe, expect, it } from 'vitest';
import { placeOf } from '../shared/router';
import { navFor, SCREENS, screenFor } from './routes';

describe('the console’s screens', () => {
  it('gives each role one link per place, to the screen that opens there', () => {
    for (const role of ['manager', 'admin', 'distributor'] as const) {
      const nav = navFor(role);
      expect(new Set(nav.map((s) => s.path)).size).toBe(nav.length);
      for (const screen of nav) {
        expect(screenFor(placeOf(screen.path), role)?.screen).toBe(screen);
      }
    }
    expect(navFor('manager').map((s) => s.path)).toEqual(['', 'reconciliation']);
    expect(navFor('distributor').map((s) => s.path)).toEqual([
      '',
      'requests',
      'transfer',
      'wallet',
    ]);
    expect(navFor('admin').map((s) => s.path)).toEqual([
      '',
      'reconciliation',
      'users',
      'regions',
      'products',
      'commission-plans',
      'limits',
      'audit',
    ]);
  });

  it('sends a role to its home from a place that is not its own', () => {
    const home = screenFor(placeOf('reconciliation'), 'distributor');
    expect(home?.screen).toBe(SCREENS.find((s) => s.roles.includes('distributor')));
  });
});
