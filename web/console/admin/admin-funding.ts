import { localized, msg, str } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { parseAmount } from '../../../core/money';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { currency, fundWallet } from './admin-api';
import { adminStyles } from './admin-styles';

/**
 * Funding a wallet (POST /admin/fundings): what a first deployment needs before a
 * distributor can approve stock. The reference (a deposit slip) makes it idempotent: the
 * same reference again is the same funding, never a second one.
 */
@customElement('admin-funding')
@localized()
export class AdminFunding extends LitElement {
  static override styles = [base, adminStyles];

  @state() private error = '';
  @state() private done = '';
  @state() private busy = false;

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const cur = await currency();
    const amount = parseAmount(String(data.get('amount') ?? ''), cur);
    if (amount === undefined || amount <= 0) {
      this.error = msg('Amounts are numbers like 50 or 100.50.', { id: 'admin.bad_amounts' });
      return;
    }
    const phone = String(data.get('phone') ?? '').trim();
    this.busy = true;
    try {
      await fundWallet({ phone, amount, reference: String(data.get('reference') ?? '').trim() });
      const sum = money(amount, cur);
      this.done = msg(str`${sum} added to ${phone}.`, { id: 'admin.funded' });
      this.error = '';
      form.reset();
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<section class="card" aria-labelledby="fund-title">
      <h2 id="fund-title">${msg('Fund a wallet', { id: 'admin.fund' })}</h2>
      <form @submit=${this.submit}>
        <label for="fund-phone">${msg('Phone number', { id: 'admin.phone' })}</label>
        <input id="fund-phone" name="phone" type="tel" required />
        <label for="fund-amount">${msg('Amount', { id: 'admin.amount' })}</label>
        <input id="fund-amount" name="amount" inputmode="decimal" required />
        <label for="fund-reference">${msg('Reference (deposit slip)', { id: 'admin.reference' })}</label>
        <input id="fund-reference" name="reference" required maxlength="100" />
        <p class="error" role="alert">${this.error}</p>
        <p role="status">${this.done}</p>
        <button type="submit" ?disabled=${this.busy}>${msg('Fund', { id: 'admin.fund_go' })}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-funding': AdminFunding;
  }
}
