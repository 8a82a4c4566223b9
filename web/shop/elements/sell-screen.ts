import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { v7 as uuidv7 } from 'uuid';
import { parseAmount, toDecimal } from '../../../core/money';
import { money, operatorName } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import {
  type AmountCheck,
  checkAmount,
  findRepeat,
  type PastSale,
  queuedTotal,
} from '../outbox/guards';
import { checkCustomerNumber, type NumberCheck } from '../phone';
import { href } from '../routes';

type ValidNumber = Extract<NumberCheck, { ok: true }>;

/**
 * Sell (DESIGN 5, issue 4): the number checked and its operator shown, the amount
 * checked against the limits and the known balance less what is queued, then a
 * confirmation in large type, with a warning for a repeat within ten minutes. The
 * Idempotency-Key is made when the shopkeeper confirms.
 */
@customElement('sell-screen')
@localized()
export class SellScreen extends LitElement {
  static override styles = [
    base,
    css`
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.5rem;
      }
      .chips button {
        background: #fff;
        color: var(--brand-dark);
        min-width: 5.5rem;
      }
      .chips button[aria-pressed='true'] {
        background: var(--brand);
        color: #fff;
      }
      .operator {
        margin: 0.375rem 0 0;
        font-weight: 600;
        color: var(--brand-dark);
      }
      .readback {
        font-size: 2.25rem;
        font-weight: 800;
        margin: 0.25rem 0 0.75rem;
        overflow-wrap: anywhere;
      }
      .actions {
        margin-top: 1rem;
      }
    `,
  ];

  /** The key of a failed sale to sell again (with a new key). */
  @property() again: string | undefined;
  @state() private number = '';
  @state() private amount = '';
  @state() private touched = false;
  @state() private step: 'form' | 'confirm' = 'form';
  @state() private problem = '';
  @state() private busy = false;
  private confirmed?: { number: ValidNumber; amount: number; repeat: PastSale | undefined };
  private readonly state = new StateController(this, app);

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('again') && this.again) {
      const failed = this.state.state.outbox.find((i) => i.key === this.again);
      if (failed) {
        this.number = failed.msisdn;
        this.amount = toDecimal(failed.amount, failed.currency);
      }
    }
    app.saleInProgress = this.step === 'confirm' || this.number !== '' || this.amount !== '';
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    app.saleInProgress = false;
  }

  private get country(): string {
    return this.state.state.profile?.country ?? 'KE';
  }

  override render() {
    return this.step === 'confirm' && this.confirmed ? this.renderConfirm() : this.renderForm();
  }

  private renderForm() {
    const { products, wallet, outbox } = this.state.state;
    const currency = app.currency;
    const check = checkCustomerNumber(this.number, this.country, products);
    const numberError = this.touched && !check.ok ? this.numberProblem(check) : '';
    const denominations = (check.ok ? check.product : products[0])?.denominations ?? [];
    const typed = parseAmount(this.amount, currency);
    const queued = queuedTotal(outbox);
    const room = Math.max(0, (wallet?.available ?? 0) - queued);
    return html`<form class="card" @submit=${this.review} novalidate>
      <h1>${msg('Sell airtime')}</h1>
      <label for="msisdn">${msg('Customer number')}</label>
      <input
        id="msisdn"
        name="msisdn"
        type="tel"
        inputmode="tel"
        autocomplete="off"
        .value=${this.number}
        aria-invalid=${numberError ? 'true' : 'false'}
        aria-describedby="msisdn-help"
        @input=${(e: InputEvent) => {
          this.number = (e.target as HTMLInputElement).value;
        }}
        @blur=${() => {
          if (this.number) this.touched = true;
        }}
      />
      <p id="msisdn-help" class=${numberError ? 'error' : 'operator'} data-testid="operator">
        ${numberError || (check.ok ? `${operatorName(check.product.operator)} · ${check.display}` : nothing)}
      </p>
      <label for="amount">${msg(str`Amount (${currency})`)}</label>
      <input
        id="amount"
        name="amount"
        inputmode="decimal"
        autocomplete="off"
        .value=${this.amount}
        @input=${(e: InputEvent) => {
          this.amount = (e.target as HTMLInputElement).value;
        }}
      />
      <div class="chips" role="group" aria-label=${msg('Amounts')}>
        ${denominations.map(
          (d) => html`<button
            type="button"
            aria-pressed=${typed === d ? 'true' : 'false'}
            @click=${() => {
              this.amount = toDecimal(d, currency);
            }}
          >
            ${money(d, currency)}
          </button>`,
        )}
      </div>
      <p class="muted" data-testid="room">
        ${msg(str`You can sell up to ${money(room, currency)}`)}${
          queued > 0 ? msg(str` (${money(queued, currency)} queued)`) : nothing
        }
      </p>
      <p class="error" role="alert" data-testid="sell-problem">${this.problem}</p>
      <div class="row actions">
        <button class="grow" type="submit">${msg('Continue')}</button>
        <a class="button secondary" href=${href({ name: 'home' })}>${msg('Cancel')}</a>
      </div>
    </form>`;
  }

  private renderConfirm() {
    const { number, amount, repeat } = this.confirmed!;
    const currency = app.currency;
    const commission = Math.floor((amount * number.product.commission_bps) / 10_000);
    const minutes = repeat ? Math.max(1, Math.round((Date.now() - repeat.createdAt) / 60_000)) : 0;
    return html`<section class="card" aria-labelledby="confirm-title">
      <h1 id="confirm-title" tabindex="-1">${msg('Check with the customer')}</h1>
      <p class="muted">${msg('Number')} · ${operatorName(number.product.operator)}</p>
      <p class="readback" data-testid="confirm-number">${number.display}</p>
      <p class="muted">${msg('Amount')}</p>
      <p class="readback" data-testid="confirm-amount">${money(amount, currency)}</p>
      <p class="muted">${msg(str`Your commission: ${money(commission, currency)}`)}</p>
      ${
        repeat
          ? html`<div class="warning" role="alert" data-testid="repeat-warning">
              <strong>${msg('Sold already?')}</strong>
              ${msg(
                str`You sold ${money(amount, currency)} to this number ${minutes} min ago. Sell it again only if the customer is paying for a second top-up.`,
              )}
            </div>`
          : nothing
      }
      <p class="error" role="alert">${this.problem}</p>
      <div class="row actions">
        <button class="grow" data-testid="confirm-sale" ?disabled=${this.busy} @click=${this.confirm}>
          ${repeat ? msg('Yes, sell again') : msg('Confirm sale')}
        </button>
        <button class="secondary" ?disabled=${this.busy} @click=${this.back}>${msg('Change')}</button>
      </div>
    </section>`;
  }

  private numberProblem(check: Extract<NumberCheck, { ok: false }>): string {
    switch (check.reason) {
      case 'empty':
        return msg("Enter the customer's number.");
      case 'invalid':
        return msg('This is not a valid mobile number.');
      case 'no_operator':
        return msg('No operator we sell for serves this number.');
    }
  }

  private amountProblem(check: Extract<AmountCheck, { ok: false }>): string {
    const currency = app.currency;
    switch (check.reason) {
      case 'below_min':
        return msg(str`The smallest sale is ${money(check.limit, currency)}.`);
      case 'above_max':
        return msg(str`The largest sale is ${money(check.limit, currency)}.`);
      case 'over_balance':
        return msg(
          str`Not enough money in the wallet: you can sell up to ${money(check.room, currency)} until the queued sales are sent.`,
        );
    }
  }

  private review(event: SubmitEvent) {
    event.preventDefault();
    this.touched = true;
    const { products, wallet, outbox } = this.state.state;
    const number = checkCustomerNumber(this.number, this.country, products);
    if (!number.ok) {
      this.problem = this.numberProblem(number);
      return;
    }
    const amount = parseAmount(this.amount, app.currency);
    if (amount === undefined) {
      this.problem = msg('Enter an amount, for example 100.');
      return;
    }
    const check = checkAmount(amount, app.limits, wallet?.available ?? 0, outbox);
    if (!check.ok) {
      this.problem = this.amountProblem(check);
      return;
    }
    this.problem = '';
    const repeat = findRepeat(number.e164, amount, Date.now(), app.pastSales());
    this.confirmed = { number, amount, repeat };
    this.step = 'confirm';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#confirm-title')?.focus(),
    );
  }

  private back() {
    this.step = 'form';
  }

  private async confirm() {
    if (!this.confirmed || this.busy) return;
    this.busy = true;
    const { number, amount } = this.confirmed;
    // The sale's one key, made now and stored with it before anything is sent.
    const key = uuidv7();
    try {
      const result = await app.sell({
        key,
        msisdn: number.e164,
        amount,
        operator: number.product.operator,
      });
      if (!result.ok) {
        this.problem = this.amountProblem(result);
        this.step = 'form';
        return;
      }
      if (this.again) await app.dismiss(this.again);
      this.number = '';
      this.amount = '';
      this.touched = false;
      this.step = 'form';
      this.confirmed = undefined;
      app.saleInProgress = false;
      location.hash = href({ name: 'receipt', ref: key });
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sell-screen': SellScreen;
  }
}
