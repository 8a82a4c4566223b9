import { type OutletQuery, parseQuery, queryString } from './outlet-query';

/**
 * The manager's screens as hash routes of the console (DESIGN 10): a link or a reload
 * opens the same screen, with the same filters.
 */
export type ManagerRoute =
  | { name: 'outlets'; query: OutletQuery }
  | { name: 'outlet'; id: string }
  | { name: 'visit'; id: string }
  | { name: 'reconciliation'; day?: string | undefined };

const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The route of `#/outlets...`, `#/reconciliation...`, or undefined for another screen. */
export function parseManagerRoute(hash: string): ManagerRoute | undefined {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const [, screen, id, sub] = path.split('/');
  if (screen === 'outlets') {
    if (id && ID.test(id)) return sub === 'visit' ? { name: 'visit', id } : { name: 'outlet', id };
    return { name: 'outlets', query: parseQuery(params) };
  }
  if (screen === 'reconciliation') {
    const day = params.get('day') ?? undefined;
    return { name: 'reconciliation', day: day && DAY.test(day) ? day : undefined };
  }
  return undefined;
}

export function managerHref(route: ManagerRoute): string {
  switch (route.name) {
    case 'outlets':
      return `#/outlets${queryString(route.query)}`;
    case 'outlet':
      return `#/outlets/${encodeURIComponent(route.id)}`;
    case 'visit':
      return `#/outlets/${encodeURIComponent(route.id)}/visit`;
    case 'reconciliation':
      return route.day ? `#/reconciliation?day=${route.day}` : '#/reconciliation';
  }
}
