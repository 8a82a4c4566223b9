import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import '../../shared/status-badge';
import { money, statusLabel } from '../../shared/labels';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { when } from './format';
import { exportSales, outletSales, type SalesFilter } from './manager-api';
import { STATUS_ORDER } from './reconciliation-rows';
import { table } from './table-styles';
import type { Sale } from './types';

/** An outlet's sales, filtered by day range and status, paged, and as CSV (DESIGN 10). */
@customElement('outlet-sales')
@localized()
export class OutletSales extends LitElement {
  static override styles = [
    base,
    table,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0 0.75rem;
        align-items: end;
      }
    `,
  ];

  @property() outletId = '';
  @property() currency = 'KES';
  @property({ attribute: false }) filter: SalesFilter = {};
  @state() private items: Sale[] = [];
  @state() private cursor: string | null = null;
  @state() private error = '';
  @state() private loading = false;
  private generation = 0;

  override willUpdate(changed: PropertyValues) {
    if (changed.has('outletId') || changed.has('filter')) void this.load(false);
  }

  private async load(more: boolean) {
    if (!this.outletId) return;
    const generation = ++this.generation;
    this.loading = true;
    this.error = '';
    try {
      const page = await outletSales(
        this.outletId,
        this.filter,
        more ? (this.cursor ?? undefined) : undefined,
      );
      if (generation !== this.generation) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.cursor = page.next_cursor;
    } catch (error) {
      if (generation === this.generation) this.error = problemText(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  private apply(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => (form.get(name) as string | null) || undefined;
    this.filter = { from: value('from'), to: value('to'), status: value('status') };
  }

  private async csv() {
    try {
      await exportSales(this.outletId, this.filter);
    } catch (error) {
      this.error = problemText(error);
    }
  }

  override render() {
    const f = this.filter;
    return html`
      <form @submit=${this.apply} data-testid="sales-filter">
        <div>
          <label for="from">${msg('From', { id: 'sales.from' })}</label>
          <input id="from" name="from" type="date" .value=${f.from ?? ''} />
        </div>
        <div>
          <label for="to">${msg('To', { id: 'sales.to' })}</label>
          <input id="to" name="to" type="date" .value=${f.to ?? ''} />
        </div>
        <div>
          <label for="status">${msg('Status', { id: 'sales.status' })}</label>
          <select id="status" name="status">
            <option value="">${msg('Any', { id: 'outlets.any' })}</option>
            ${STATUS_ORDER.map((s) => html`<option value=${s} ?selected=${f.status === s}>${statusLabel(s)}</option>`)}
          </select>
        </div>
        <div class="row">
          <button type="submit">${msg('Show', { id: 'sales.show' })}</button>
          <button type="button" class="secondary" data-testid="sales-csv" @click=${() => void this.csv()}>
            ${msg('CSV', { id: 'sales.csv' })}
          </button>
        </div>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.items.length === 0 && !this.loading
          ? html`<p class="muted">${msg('No sales.', { id: 'sales.none' })}</p>`
          : html`<table data-testid="sales">
              <caption class="visually-hidden">${msg('Sales', { id: 'chart.sales' })}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('When', { id: 'sales.when' })}</th>
                  <th scope="col">${msg('Number', { id: 'sales.number' })}</th>
                  <th scope="col">${msg('Amount', { id: 'sales.amount' })}</th>
                  <th scope="col">${msg('Commission', { id: 'chart.commission' })}</th>
                  <th scope="col">${msg('Status', { id: 'sales.status' })}</th>
                </tr>
              </thead>
              <tbody>
                ${this.items.map(
                  (s) => html`<tr>
                    <th scope="row" data-label=${msg('When', { id: 'sales.when' })}>${when(s.created_at)}</th>
                    <td data-label=${msg('Number', { id: 'sales.number' })}>${s.msisdn}</td>
                    <td data-label=${msg('Amount', { id: 'sales.amount' })}>${money(s.amount, s.currency)}</td>
                    <td data-label=${msg('Commission', { id: 'chart.commission' })}>${money(s.commission, s.currency)}</td>
                    <td data-label=${msg('Status', { id: 'sales.status' })}><status-badge status=${s.status}></status-badge></td>
                  </tr>`,
                )}
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
    'outlet-sales': OutletSales;
  }
}
