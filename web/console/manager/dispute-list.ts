import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { disputeReasonLabel } from '../../shared/dispute-labels';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { isOverdue, queueOrder } from './dispute-order';
import { when } from './format';
import { listDisputes } from './manager-api';
import { managerHref } from './routes';
import { table } from './table-styles';
import type { Dispute, DisputeStatus } from './types';
import '../../shared/dispute-badge';

/**
 * Disputes in the manager's scope (DESIGN 11), overdue first (dispute-order.ts): the
 * region's queue, or one outlet's (`outletId`) on its page. A table on a laptop, a card
 * per dispute on a phone; each links to its evidence and the resolution.
 */
@customElement('dispute-list')
@localized()
export class DisputeList extends LitElement {
  static override styles = [
    base,
    table,
    css`
      .overdue {
        display: inline-block;
        margin-left: 0.25rem;
        color: var(--danger);
        font-weight: 700;
      }
    `,
  ];

  @property() outletId: string | undefined;
  @property() status: DisputeStatus | undefined;
  @state() private items: Dispute[] = [];
  @state() private cursor: string | null = null;
  @state() private loading = true;
  @state() private error = '';

  override willUpdate(changed: PropertyValues) {
    // The first time too: the region's queue sets neither property.
    if (!this.hasUpdated || changed.has('outletId') || changed.has('status')) void this.load(false);
  }

  private async load(more: boolean) {
    this.loading = true;
    this.error = '';
    try {
      const filter = { status: this.status, outlet_id: this.outletId };
      const page = await listDisputes(filter, more ? (this.cursor ?? undefined) : undefined);
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.cursor = page.next_cursor;
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    const now = Date.now();
    const rows = queueOrder(this.items, now);
    const outlet = this.outletId === undefined;
    const label = {
      opened: msg('Opened', { id: 'disputes.opened' }),
      outlet: msg('Outlet', { id: 'disputes.outlet' }),
      number: msg('Number', { id: 'sales.number' }),
      amount: msg('Amount', { id: 'sales.amount' }),
      reason: msg('Reason', { id: 'disputes.reason' }),
      status: msg('Status', { id: 'sales.status' }),
      due: msg('Due', { id: 'disputes.due' }),
    };
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        rows.length === 0
          ? html`<p class="muted" data-testid=${this.loading ? 'disputes-loading' : 'disputes-none'}>
              ${this.loading ? msg('Loading…') : msg('No disputes.', { id: 'dispute.none' })}</p>`
          : html`<table data-testid="disputes">
              <caption class="visually-hidden">${msg('Disputes', { id: 'detail.disputes' })}</caption>
              <thead>
                <tr>
                  <th scope="col">${label.opened}</th>
                  ${outlet ? html`<th scope="col">${label.outlet}</th>` : nothing}
                  <th scope="col">${label.number}</th>
                  <th scope="col">${label.amount}</th>
                  <th scope="col">${label.reason}</th>
                  <th scope="col">${label.status}</th>
                  <th scope="col">${label.due}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((d) => {
                  const late = isOverdue(d, now);
                  const sale = d.evidence.sale;
                  return html`<tr data-dispute=${d.id} data-status=${d.status} ?data-overdue=${late}>
                    <th scope="row" data-label=${label.opened}>
                      <a href=${managerHref({ name: 'dispute', id: d.id })}>${when(d.opened_at)}</a>
                    </th>
                    ${outlet ? html`<td data-label=${label.outlet}>${d.outlet_name}</td>` : nothing}
                    <td data-label=${label.number}>${sale.msisdn}</td>
                    <td data-label=${label.amount}>${money(sale.amount, sale.currency)}</td>
                    <td data-label=${label.reason}>${disputeReasonLabel(d.reason)}</td>
                    <td data-label=${label.status}>
                      <span><dispute-badge status=${d.status}></dispute-badge>${
                        late
                          ? html`<span class="overdue">${msg('Overdue', { id: 'disputes.overdue' })}</span>`
                          : nothing
                      }</span>
                    </td>
                    <td data-label=${label.due}>${when(d.due_at)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>`
      }
      ${
        this.cursor
          ? html`<button class="secondary wide" ?disabled=${this.loading} @click=${() => void this.load(true)}>
              ${msg('More', { id: 'outlets.more' })}</button>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dispute-list': DisputeList;
  }
}
