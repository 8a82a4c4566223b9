import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../shared/api';
import { dateTime, money, operatorName } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { app } from '../app-state';
import { findEntry } from '../history';
import { href } from '../routes';
import '../../shared/status-badge';
import { base } from '../../shared/styles';

/**
 * A sale's detail (issue 4 "History"), read again from the server when online, with
 * the dispute: a reversal request for a succeeded sale the customer did not get.
 */
@customElement('sale-detail')
@localized()
export class SaleDetail extends LitElement {
  static override styles = base;

  @property() ref = '';
  @state() private asking = false;
  @state() private busy = false;
  @state() private note = '';
  private readonly state = new StateController(this, app);

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('ref')) {
      this.asking = false;
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
        </dl>
        <p role="status">${this.note}</p>
        <div class="row">
          <a class="button grow" href=${href({ name: 'receipt', ref: entry.ref })}>${msg('Receipt')}</a>
          <a class="button secondary" href=${href({ name: 'history' })}>${msg('History')}</a>
        </div>
      </section>
      ${entry.status === 'succeeded' && entry.saleId ? this.renderDispute(entry.saleId) : nothing}`;
  }

  private renderDispute(saleId: string) {
    const online = this.state.state.online;
    return html`<section class="card" aria-labelledby="dispute-title">
      <h2 id="dispute-title">${msg('Customer did not get it?')}</h2>
      ${
        this.asking
          ? html`<p class="warning">
                ${msg('Ask the operator to reverse this sale? Do it only if the customer did not receive the airtime.')}
              </p>
              <div class="row">
                <button class="danger grow" ?disabled=${this.busy || !online} @click=${() => this.reverse(saleId)}>
                  ${msg('Yes, request reversal')}
                </button>
                <button class="secondary" @click=${() => {
                  this.asking = false;
                }}>${msg('No')}</button>
              </div>`
          : html`<button class="secondary" ?disabled=${!online} @click=${() => {
              this.asking = true;
            }}>${msg('Request reversal')}</button>`
      }
      ${online ? nothing : html`<p class="muted">${msg('Needs a connection.')}</p>`}
    </section>`;
  }

  private async reverse(saleId: string) {
    this.busy = true;
    try {
      const sale = await app.reverse(saleId);
      this.note = sale.status === 'reversed' ? msg('The sale was reversed.') : '';
      this.asking = false;
    } catch (error) {
      this.note =
        error instanceof ApiError ? error.message : msg('Could not reach Airload. Try again.');
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sale-detail': SaleDetail;
  }
}
