import { localized } from '@lit/localize';
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../../shared/styles';
import { openConsoleDb } from '../db';
import { consoleState } from '../state';
import { connectManager } from './manager-api';
import './outlet-list';
import type { ManagerRoute } from './routes';
import { connectVisits, ManagerVisits, VisitOutbox } from './visit-queue';

/** DESIGN 8's default TIMEZONE, for a session whose zone is not known yet (offline since before). */
const TIME_ZONE = 'Africa/Nairobi';
const token = () => consoleState.snapshot.session?.token;
connectManager({ token, timeZone: () => consoleState.snapshot.session?.timeZone ?? TIME_ZONE });
const visits = new ManagerVisits(
  openConsoleDb().then((db) => new VisitOutbox(db, token)),
  () => consoleState.snapshot.session?.userId,
);
connectVisits(visits);
// Visits left from an earlier session go out as soon as the console is open.
void visits.flush(true);

/**
 * The regional manager's screens (issue 9 §2) inside the console's shell. The list is
 * on the first screen; the detail (with uPlot), the visit form and the report load on
 * demand, so the first screen stays within its budget.
 */
const lazy: Partial<Record<ManagerRoute['name'], () => Promise<unknown>>> = {
  outlet: () => import('./outlet-detail'),
  visit: () => import('./visit-recorder'),
  reconciliation: () => import('./reconciliation-report'),
  disputes: () => import('./disputes-queue'),
  dispute: () => import('./dispute-detail'),
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
      case 'disputes':
        return html`<disputes-queue .status=${route.status}></disputes-queue>`;
      case 'dispute':
        return html`<dispute-detail disputeId=${route.id}></dispute-detail>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-screens': ManagerScreens;
  }
}
