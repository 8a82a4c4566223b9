import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DISPUTE_STATUSES } from '../../../core/api/enums';
import { disputeStatusLabel } from '../../shared/dispute-labels';
import { base } from '../../shared/styles';
import { router } from '../elements/console-app';
import './dispute-list';
import { managerPath } from './routes';
import type { DisputeStatus } from './types';

/**
 * The region's disputes queue (DESIGN 11, issue 12): every dispute in the manager's
 * scope, overdue first, filtered by status; the filter is in the address, so a reload or
 * a link opens the same queue.
 */
@customElement('disputes-queue')
@localized()
export class DisputesQueue extends LitElement {
  static override styles = [base];

  @property() status: DisputeStatus | undefined;

  override render() {
    return html`
      <h1>${msg('Disputes', { id: 'detail.disputes' })}</h1>
      <p class="muted">${msg('Overdue disputes first: they were not decided within 48 hours.', { id: 'disputes.intro' })}</p>
      <label for="status">${msg('Status', { id: 'sales.status' })}</label>
      <select id="status" data-testid="dispute-status" @change=${this.filter}>
        <option value="">${msg('Any', { id: 'outlets.any' })}</option>
        ${DISPUTE_STATUSES.map(
          (s) =>
            html`<option value=${s} ?selected=${this.status === s}>${disputeStatusLabel(s)}</option>`,
        )}
      </select>
      <dispute-list .status=${this.status}></dispute-list>
    `;
  }

  private filter(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    const status = DISPUTE_STATUSES.find((s) => s === value);
    router.go(managerPath({ name: 'disputes', status }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'disputes-queue': DisputesQueue;
  }
}
