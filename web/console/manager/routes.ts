import { DISPUTE_STATUSES, type DisputeStatus } from '../../../core/api/enums';
import { type OutletQuery, queryString } from './outlet-query';

/**
 * The manager's screens as places under /console/ (DESIGN 10), registered in the
 * console's SCREENS (../routes.ts): a link or a reload opens the same screen with the
 * same filters.
 */
export type ManagerRoute =
  | { name: 'outlets'; query: OutletQuery }
  | { name: 'outlet'; id: string }
  | { name: 'visit'; id: string }
  | { name: 'reconciliation'; day?: string | undefined }
  | { name: 'disputes'; status?: DisputeStatus | undefined }
  | { name: 'dispute'; id: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day of `?day=` when it is one. */
export const dayParam = (params: URLSearchParams): string | undefined => {
  const day = params.get('day') ?? undefined;
  return day && DAY.test(day) ? day : undefined;
};

/** The status of `?status=` when it is a dispute's. */
export const disputeStatusParam = (params: URLSearchParams): DisputeStatus | undefined => {
  const status = params.get('status');
  return DISPUTE_STATUSES.find((s) => s === status);
};

/** The place of a route, relative to /console/. */
export function managerPath(route: ManagerRoute): string {
  switch (route.name) {
    case 'outlets':
      return `outlets${queryString(route.query)}`;
    case 'outlet':
      return `outlets/${encodeURIComponent(route.id)}`;
    case 'visit':
      return `outlets/${encodeURIComponent(route.id)}/visit`;
    case 'reconciliation':
      return route.day ? `reconciliation?day=${route.day}` : 'reconciliation';
    case 'disputes':
      return route.status ? `disputes?status=${route.status}` : 'disputes';
    case 'dispute':
      return `disputes/${encodeURIComponent(route.id)}`;
  }
}

export const managerHref = (route: ManagerRoute): string => `/console/${managerPath(route)}`;
