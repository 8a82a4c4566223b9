import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { parseAmount } from '../../../core/money';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import type { Outlet } from '../../shared/types';
import { problemText } from '../problem';
import { myRetailers, myWallet, sendStock } from './distributor-api';
import { consoleKeys } from './keys';

/**
 * Send stock to a retailer (DESIGN 1, 12; issue 11): the retailer and the amount, then
 * the amount again in large type to confirm before anything is sent. The key is stored
 * when the distributor confirms (./keys.ts), so "Send" after a lost answer is the same
 * transfer, never a second one.
 */
@customElement('stock-transfer-form')
@localized()
export class StockTransferForm extends LitElement {
  static override styles = [
    base,
    css`
      .readback {
        font-size: clamp(1.5rem, 9vw, 3.5rem);
        font-weight: 800;
        font-variant-numeric: tabular-nums;
        margin: 0.5rem 0;
        color: var(--brand-dark);
        /* Breaks between the currency and the number only, never inside the number. */
        overflow-wrap: break-word;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .done {
        font-weight: 700;
        color: #0a5c3e;
      }
    `,
  ];

  /** The retailer to preselect (`?retailer=` from the retailers' list). */
  @property() retailer = '';
  @state() private retailers: Outlet[] = [];
  @state() private available: number | undefined;
  @state() private currency = 'KES';
  @state() private amount = '';
  @state() private step: 'form' | 'confirm' = 'form';
  @state() private confirmed: { retailer: Outlet; amount: number } | undefined;
  @state() private busy = false;
  @state() private error = '';
  @state() private done = '';
  private readonly keys = consoleKeys();

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const [retailers, wallet] = await Promise.all([myRetailers(), myWallet()]);
      this.retailers = retailers.filter((r) => r.role === 'retailer');
      this.available = wallet.available;
      this.currency = wallet.currency;
      if (!this.retailers.some((r) => r.id === this.retailer))
        this.retailer = this.retailers[0]?.id ?? '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private readonly review = (event: Event) => {
    event.preventDefault();
    const retailer = this.retailers.find((r) => r.id === this.retailer);
    const amount = parseAmount(this.amount, this.currency);
    if (!retailer) {
      this.error = msg('Choose a retailer.');
      return;
    }
    if (amount === undefined || amount <= 0) {
      this.error = msg('Enter an amount, like 5000.');
      return;
    }
    this.error = '';
    this.done = '';
    this.confirmed = { retailer, amount };
    this.step = 'confirm';
  };

  private readonly send = async () => {
    const c = this.confirmed;
    if (!c) return;
    this.busy = true;
    try {
      await this.keys.send(`transfer:${c.retailer.id}:${c.amount}`, (key) =>
        sendStock(c.retailer.id, c.amount, key),
      );
      this.done = msg(str`Sent ${money(c.amount, this.currency)} to ${c.retailer.name}.`);
      this.step = 'form';
      this.amount = '';
      this.available = (await myWallet()).available;
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  };

  override render() {
    return html`<section class="card" aria-labelledby="transfer-title">
      <h1 id="transfer-title">${msg('Send stock')}</h1>
      ${
        this.available === undefined
          ? nothing
          : html`<p data-testid="own-available">
              ${msg(str`Your wallet: ${money(this.available, this.currency)} available`)}
            </p>`
      }
      <p class="done" role="status" data-testid="transfer-done">${this.done}</p>
      <p class="error" role="alert">${this.error}</p>
      ${this.step === 'confirm' && this.confirmed ? this.confirm(this.confirmed) : this.form()}
    </section>`;
  }

  private form() {
    return html`<form @submit=${this.review} novalidate>
      <label for="transfer-retailer">${msg('Retailer')}</label>
      <select
        id="transfer-retailer"
        data-testid="transfer-retailer"
        @change=${(e: Event) => {
          this.retailer = (e.target as HTMLSelectElement).value;
        }}
      >
        ${this.retailers.map(
          (r) =>
            html`<option value=${r.id} ?selected=${r.id === this.retailer}>
              ${r.name} (${money(r.wallet.available, r.currency)})
            </option>`,
        )}
      </select>
      <label for="transfer-amount">${msg(str`Amount (${this.currency})`)}</label>
      <input
        id="transfer-amount"
        data-testid="transfer-amount"
        inputmode="decimal"
        autocomplete="off"
        .value=${this.amount}
        @input=${(e: Event) => {
          this.amount = (e.target as HTMLInputElement).value;
        }}
      />
      <button class="wide" data-testid="review-transfer">${msg('Review')}</button>
    </form>`;
  }

  private confirm({ retailer, amount }: { retailer: Outlet; amount: number }) {
    return html`<h2>${msg(str`Send to ${retailer.name}`)}</h2>
      <p class="readback" data-testid="transfer-readback">${money(amount, this.currency)}</p>
      <p class="muted">${retailer.phone ?? ''}</p>
      <p class="actions">
        <button data-testid="confirm-transfer" ?disabled=${this.busy} @click=${this.send}>
          ${msg('Send')}
        </button>
        <button
          class="secondary"
          ?disabled=${this.busy}
          @click=${() => {
            this.step = 'form';
          }}
        >
          ${msg('Change')}
        </button>
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stock-transfer-form': StockTransferForm;
  }
}
