import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { UserView } from '../../../core/api/onboarding';
import { parseAmount, toDecimal } from '../../../core/money';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { currency, type Limits, searchUsers, setLimits } from './admin-api';
import { adminStyles } from './admin-styles';

type Field = keyof Limits;
const FIELDS: readonly Field[] = ['min_sale', 'max_sale', 'daily_limit'];

/**
 * Per-outlet limits (DESIGN 7, PUT /outlets/:id/limits): find a retailer, then its
 * per-sale minimum and maximum and its daily total, in major units; empty is the
 * deployment's default.
 */
@customElement('admin-limits')
@localized()
export class AdminLimits extends LitElement {
  static override styles = [base, adminStyles];

  @state() private found: UserView[] = [];
  @state() private outlet: UserView | undefined;
  @state() private currency = 'KES';
  @state() private error = '';
  @state() private saved = '';

  override connectedCallback() {
    super.connectedCallback();
    void currency().then((c) => {
      this.currency = c;
    });
  }

  private label(field: Field) {
    switch (field) {
      case 'min_sale':
        return msg('Smallest sale', { id: 'admin.min_sale' });
      case 'max_sale':
        return msg('Largest sale', { id: 'admin.max_sale' });
      case 'daily_limit':
        return msg('Sales per day, in total', { id: 'admin.daily_limit' });
    }
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    try {
      this.found = (await searchUsers({ q, role: 'retailer' })).items;
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const outlet = this.outlet;
    if (!outlet) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body: Limits = {};
    for (const field of FIELDS) {
      const text = String(data.get(field) ?? '').trim();
      const amount = text === '' ? null : parseAmount(text, this.currency);
      if (amount === undefined) {
        this.error = msg('Amounts are numbers like 50 or 100.50.', { id: 'admin.bad_amounts' });
        return;
      }
      body[field] = amount;
    }
    try {
      const answer = await setLimits(outlet.id, body);
      this.outlet = { ...outlet, limits: answer.limits };
      this.error = '';
      this.saved = msg('Saved: the next sale is judged by them.', { id: 'admin.limits_saved' });
    } catch (error) {
      this.error = problemText(error);
    }
  }

  override render() {
    const outlet = this.outlet;
    return html`<section class="card" aria-labelledby="limits-title">
      <h1 id="limits-title">${msg('Limits', { id: 'admin.limits' })}</h1>
      <form class="row" role="search" @submit=${this.search}>
        <div class="grow">
          <label for="q">${msg('Outlet: name or number', { id: 'admin.find_outlet' })}</label>
          <input id="q" name="q" type="search" />
        </div>
        <button type="submit">${msg('Search', { id: 'admin.search_go' })}</button>
      </form>
      <ul class="list">
        ${this.found.map(
          (u) => html`<li>
            <button type="button" class="secondary wide" @click=${() => {
              this.outlet = u;
              this.saved = '';
            }}>${u.name} (${u.phone})</button>
          </li>`,
        )}
      </ul>
      <p class="error" role="alert">${this.error}</p>
      ${
        outlet
          ? html`<form @submit=${this.save} aria-labelledby="limits-of">
              <h2 id="limits-of">${outlet.name}</h2>
              ${FIELDS.map((field) => {
                const value = outlet.limits[field];
                return html`<label for=${field}>${this.label(field)} (${this.currency})</label>
                  <input
                    id=${field}
                    name=${field}
                    inputmode="decimal"
                    placeholder=${msg('Default', { id: 'admin.default' })}
                    .value=${value === null ? '' : toDecimal(value, this.currency)}
                  />`;
              })}
              <p class="muted">${msg('Leave a box empty for the deployment’s default.', { id: 'admin.limits_help' })}</p>
              <p role="status">${this.saved}</p>
              <button type="submit">${msg('Save', { id: 'admin.save' })}</button>
            </form>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-limits': AdminLimits;
  }
}
