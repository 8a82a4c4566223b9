import { localized, msg } from '@lit/localize';
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../../elements/styles';
import './outlet-list';
import type { ManagerRoute } from './routes';

/**
 * The regional manager's screens (issue 9 §2) inside the console's shell. The list is
 * on the first screen; the detail (with uPlot), the visit form and the report load on
 * demand, so the first screen stays within its budget.
 */
const lazy: Partial<Record<ManagerRoute['name'], () => Promise<unknown>>> = {
  outlet: () => import('./outlet-detail'),
  visit: () => import('./visit-recorder'),
  reconciliation: () => import('./reconciliation-report'),
};

@customElement('manager-screens')
@localized()
export class ManagerScreens extends LitElement {
  static override styles = [base];

  @property({ attribute: false }) route: ManagerRoute = { name: 'outlets', query: { q: '' } };
  @property() currency = 'KES';

  override willUpdate(changed: PropertyValues) {
    if (changed.has('route')) void lazy[this.route.name]?.();
  }

  override render() {
    const route = this.route;
    switch (route.name) {
      case 'outlets':
        return html`<outlet-list .query=${route.query}></outlet-list>`;
      case 'outlet':
        return html`<outlet-detail outletId=${route.id}></outlet-detail>`;
      case 'visit':
        return html`<visit-recorder outletId=${route.id}></visit-recorder>`;
      case 'reconciliation':
        return html`<reconciliation-report .day=${route.day} currency=${this.currency}></reconciliation-report>`;
    }
  }
}

/** The manager's entries in the console's navigation. */
export const managerNav = () => [
  {
    href: '#/outlets',
    label: msg('Outlets', { id: 'outlets.title' }),
    screens: ['outlets', 'outlet', 'visit'],
  },
  {
    href: '#/reconciliation',
    label: msg('Reconciliation', { id: 'recon.title' }),
    screens: ['reconciliation'],
  },
];

declare global {
  interface HTMLElementTagNameMap {
    'manager-screens': ManagerScreens;
  }
}
