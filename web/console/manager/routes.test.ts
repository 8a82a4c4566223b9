import { describe, expect, it } from 'vitest';
import { dayParam, disputeStatusParam, managerHref } from './routes';

describe('manager routes', () => {
  it('names every screen under /console/ with its filters', () => {
    expect(managerHref({ name: 'outlets', query: { q: 'njeri', flag: 'dormant' } })).toBe(
      '/console/outlets?q=njeri&flag=dormant',
    );
    expect(managerHref({ name: 'outlet', id: 'u 1' })).toBe('/console/outlets/u%201');
    expect(managerHref({ name: 'visit', id: 'u-1' })).toBe('/console/outlets/u-1/visit');
    expect(managerHref({ name: 'reconciliation', day: '2026-12-01' })).toBe(
      '/console/reconciliation?day=2026-12-01',
    );
    expect(managerHref({ name: 'disputes', status: 'open' })).toBe('/console/disputes?status=open');
    expect(managerHref({ name: 'disputes' })).toBe('/console/disputes');
    expect(managerHref({ name: 'dispute', id: 'd 1' })).toBe('/console/disputes/d%201');
  });

  it('takes a status parameter only when it is a dispute’s', () => {
    expect(disputeStatusParam(new URLSearchParams('status=investigating'))).toBe('investigating');
    expect(disputeStatusParam(new URLSearchParams('status=lost'))).toBeUndefined();
  });

  it('takes a day parameter only when it is a day', () => {
    expect(dayParam(new URLSearchParams('day=2026-12-01'))).toBe('2026-12-01');
    expect(dayParam(new URLSearchParams('day=yesterday'))).toBeUndefined();
  });
});
