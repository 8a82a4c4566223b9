import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { disputeReasonLabel } from '../../shared/dispute-labels';
import { dateTime, money, operatorName } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { app } from '../app-state';
import { canDispute, disputesOf, isOpen, openDisputeOf } from '../disputes';
import { type Entry, findEntry } from '../history';
import { href } from '../routes';
import '../../shared/dispute-badge';
import '../../shared/status-badge';
import './dispute-form';
import { base } from '../../shared/styles';

/**
 * A sale's detail (issue 4 "History"), read again from the server when online, with
 * its disputes and the way to open one (DESIGN 11, issue 12).
 */
@customElement('sale-detail')
@localized()
export class SaleDetail extends LitElement {
  static override styles = base;

  @property() ref = '';
  @state() private note = '';
  private readonly state = new StateController(this, app);

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('ref')) {
      this.note = '';
      const entry = findEntry(this.state.state.entries, this.ref);
      if (entry?.saleId && this.state.state.online)
        void app.fetchSale(entry.saleId).catch(() => {});
    }
  }

  override render() {
    const entry = findEntry(this.state.state.entries, this.ref);
    if (!entry) {
      return html`<section class="card">
        <h1>${msg('Sale')}</h1>
        <p>${msg('This sale is not on this phone.')}</p>
      </section>`;
    }
    return html`<section class="card" aria-labelledby="detail-title">
        <h1 id="detail-title">${msg('Sale')}</h1>
        <dl>
          <dt>${msg('Status')}</dt>
          <dd><status-badge status=${entry.status}></status-badge></dd>
          <dt>${msg('Number')}</dt>
          <dd>${entry.msisdn}</dd>
          <dt>${msg('Operator')}</dt>
          <dd>${operatorName(entry.operator)}</dd>
          <dt>${msg('Amount')}</dt>
          <dd>${money(entry.amount, entry.currency)}</dd>
          <dt>${msg('Commission')}</dt>
          <dd>${money(entry.commission, entry.currency)}</dd>
          <dt>${msg('Time')}</dt>
          <dd>${dateTime(entry.createdAt)}</dd>
          <dt>${msg('Reference')}</dt>
          <dd>${entry.saleId ?? msg('given when the sale is sent')}</dd>
          ${entry.key ? html`<dt>${msg('Key')}</dt><dd>${entry.key}</dd>` : nothing}
          ${
            entry.refunded
              ? html`<dt>${msg('Refunded', { id: 'dispute.status.refunded' })}</dt>
                  <dd data-testid="sale-refunded">${dateTime(entry.refunded)}</dd>`
              : nothing
          }
        </dl>
        <p role="status">${this.note}</p>
        <div class="row">
          <a class="button grow" href=${href({ name: 'receipt', ref: entry.ref })}>${msg('Receipt')}</a>
          <a class="button secondary" href=${href({ name: 'history' })}>${msg('History')}</a>
        </div>
      </section>
      ${this.renderDisputes(entry)}`;
  }

  private renderDisputes(entry: Entry) {
    const saleId = entry.saleId;
    if (!saleId) return nothing;
    const rows = disputesOf(this.state.state.disputes, saleId);
    // The sale's own word on its dispute counts too: the list may not have been read yet.
    const open =
      openDisputeOf(rows, saleId) ??
      (entry.dispute && isOpen(entry.dispute) ? entry.dispute : undefined);
    if (rows.length === 0 && !canDispute(entry)) return nothing;
    return html`<section class="card" aria-labelledby="dispute-title">
      <h2 id="dispute-title">${msg('Dispute', { id: 'dispute.title' })}</h2>
      ${
        rows.length > 0
          ? html`<ul class="list" data-testid="sale-disputes">
              ${rows.map(
                (row) => html`<li>
                  <a href=${href({ name: 'disputes' })}>
                    <span>${disputeReasonLabel(row.reason)}</span>
                    <dispute-badge status=${row.status}></dispute-badge>
                  </a>
                </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        open
          ? html`<p class="muted" data-testid="dispute-open">
              ${msg('This sale has a dispute that is not decided yet.', { id: 'dispute.already_open' })}
            </p>`
          : canDispute(entry)
            ? html`<p>${msg('The customer says something went wrong with this sale?', { id: 'dispute.ask' })}</p>
                <dispute-form .entry=${entry} @dispute-opened=${this.opened}></dispute-form>`
            : nothing
      }
    </section>`;
  }

  private readonly opened = () => {
    this.note = this.state.state.online
      ? msg('Dispute sent.', { id: 'dispute.sent' })
      : msg('Dispute saved on this phone. It is sent when the connection returns.', {
          id: 'dispute.saved',
        });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sale-detail': SaleDetail;
  }
}
