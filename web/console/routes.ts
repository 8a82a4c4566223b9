import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { matchPattern, type Place } from '../shared/router';
import { parseQuery } from './manager/outlet-query';
import { dayParam, disputeStatusParam, type ManagerRoute } from './manager/routes';
import type { ConsoleRole } from './session';

/**
 * The console's screens (issue 9), one entry each: a screen registers itself here by
 * its path under /console/, the roles that may open it, whether it is in the navigation,
 * the module that defines its element (loaded when first opened), and how to render it.
 * The first screen in the list that matches the path and the role is shown; for a role
 * that may not open a path, the role's home (the first nav screen it may open).
 */
export interface ConsoleScreen {
  /** "" for the home, "outlets/:id" with named parts. */
  path: string;
  roles: readonly ConsoleRole[];
  /** Its label in the navigation; screens without one are reached by links. */
  nav?: () => string;
  load: () => Promise<unknown>;
  render: (params: Record<string, string>, query: URLSearchParams) => TemplateResult;
}

const manager = () => import('./manager/manager-screens');
const managerScreen = (route: ManagerRoute) =>
  html`<manager-screens .route=${route}></manager-screens>`;
const managers = ['manager', 'admin'] as const;

export const SCREENS: ConsoleScreen[] = [
  // The regional manager's screens (issue 9 §2): the outlets of the region are its home.
  {
    path: '',
    roles: managers,
    nav: () => msg('Outlets'),
    load: manager,
    render: (_, query) => managerScreen({ name: 'outlets', query: parseQuery(query) }),
  },
  {
    path: 'outlets',
    roles: managers,
    load: manager,
    render: (_, query) => managerScreen({ name: 'outlets', query: parseQuery(query) }),
  },
  {
    path: 'outlets/:id',
    roles: managers,
    load: manager,
    render: ({ id }) => managerScreen({ name: 'outlet', id: id! }),
  },
  {
    path: 'outlets/:id/visit',
    roles: managers,
    load: manager,
    render: ({ id }) => managerScreen({ name: 'visit', id: id! }),
  },
  {
    path: 'reconciliation',
    roles: managers,
    nav: () => msg('Reconciliation', { id: 'recon.title' }),
    load: manager,
    render: (_, query) => managerScreen({ name: 'reconciliation', day: dayParam(query) }),
  },
  // The region's disputes (DESIGN 11, issue 12): overdue first; each with its evidence.
  {
    path: 'disputes',
    roles: managers,
    nav: () => msg('Disputes', { id: 'detail.disputes' }),
    load: manager,
    render: (_, query) => managerScreen({ name: 'disputes', status: disputeStatusParam(query) }),
  },
  {
    path: 'disputes/:id',
    roles: managers,
    load: manager,
    render: ({ id }) => managerScreen({ name: 'dispute', id: id! }),
  },
  // The distributor's screens (issue 11): its retailers are its home.
  {
    path: '',
    roles: ['distributor'],
    nav: () => msg('Retailers'),
    load: () => import('./distributor/retailers-screen'),
    render: () => html`<distributor-retailers></distributor-retailers>`,
  },
  {
    path: 'requests',
    roles: ['distributor'],
    nav: () => msg('Stock requests'),
    load: () => import('./distributor/request-queue'),
    render: () => html`<stock-request-queue></stock-request-queue>`,
  },
  {
    path: 'transfer',
    roles: ['distributor'],
    nav: () => msg('Send stock'),
    load: () => import('./distributor/transfer-form'),
    render: (_, query) =>
      html`<stock-transfer-form .retailer=${query.get('retailer') ?? ''}></stock-transfer-form>`,
  },
  {
    path: 'wallet',
    roles: ['distributor'],
    nav: () => msg('Wallet'),
    load: () => import('./distributor/wallet-screen'),
    render: () => html`<distributor-wallet></distributor-wallet>`,
  },
  // The admin's screens (issue 11): onboarding, the catalog, limits and the audit log.
  {
    path: 'users',
    roles: ['admin'],
    nav: () => msg('Users', { id: 'admin.users' }),
    load: () => import('./admin/admin-users'),
    render: () => html`<admin-users></admin-users>`,
  },
  {
    path: 'regions',
    roles: ['admin'],
    nav: () => msg('Regions', { id: 'admin.regions' }),
    load: () => import('./admin/admin-regions'),
    render: () => html`<admin-regions></admin-regions>`,
  },
  {
    path: 'products',
    roles: ['admin'],
    nav: () => msg('Products', { id: 'admin.products' }),
    load: () => import('./admin/admin-products'),
    render: () => html`<admin-products></admin-products>`,
  },
  {
    path: 'commission-plans',
    roles: ['admin'],
    nav: () => msg('Commission plans', { id: 'admin.plans' }),
    load: () => import('./admin/admin-plans'),
    render: () => html`<admin-plans></admin-plans>`,
  },
  {
    path: 'limits',
    roles: ['admin'],
    nav: () => msg('Limits', { id: 'admin.limits' }),
    load: () => import('./admin/admin-limits'),
    render: () => html`<admin-limits></admin-limits>`,
  },
  {
    path: 'audit',
    roles: ['admin'],
    nav: () => msg('Audit log', { id: 'admin.audit' }),
    load: () => import('./admin/admin-audit'),
    render: () => html`<admin-audit></admin-audit>`,
  },
];

export interface Match {
  screen: ConsoleScreen;
  params: Record<string, string>;
}

/** The screen for a place and a role (the role's home when the path is unknown or not theirs). */
export function screenFor(
  place: Place,
  role: ConsoleRole,
  screens: readonly ConsoleScreen[] = SCREENS,
): Match | undefined {
  for (const screen of screens) {
    if (!screen.roles.includes(role)) continue;
    const params = matchPattern(screen.path, place.segments);
    if (params) return { screen, params };
  }
  const home = screens.find((s) => s.nav && s.roles.includes(role));
  return home && { screen: home, params: {} };
}

/**
 * The navigation a role sees: one link per path, to the screen `screenFor` opens there
 * (a manager's home is its outlet list, not the distributor's list under it).
 */
export const navFor = (role: ConsoleRole, screens: readonly ConsoleScreen[] = SCREENS) =>
  screens.filter(
    (s, i) =>
      s.nav &&
      s.roles.includes(role) &&
      !screens.slice(0, i).some((t) => t.path === s.path && t.roles.includes(role)),
  );
