import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../shared/api';
import { dateTime, money, operatorName, refusal } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { app } from '../app-state';
import { type Entry, findEntry } from '../history';
import { receiptText } from '../receipt';
import { href } from '../routes';
import '../../shared/status-badge';
import { base } from '../../shared/styles';

/**
 * The receipt (issue 4): on screen at once (queued while offline), shared as text
 * (Web Share, else the clipboard, else selected for copying), and by SMS to the
 * customer through the server once the sale has succeeded.
 */
@customElement('receipt-screen')
@localized()
export class ReceiptScreen extends LitElement {
  static override styles = [
    base,
    css`
      .status {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.75rem;
      }
      .amount {
        font-size: 2rem;
        font-weight: 800;
        margin: 0 0 0.75rem;
      }
      textarea {
        width: 100%;
        min-height: 8rem;
        font: inherit;
      }
      .actions {
        margin-top: 1rem;
      }
    `,
  ];

  /** A sale id or an outbox key. */
  @property() ref = '';
  @state() private note = '';
  @state() private copyText = '';
  @state() private busy = false;
  private readonly state = new StateController(this, app);

  override render() {
    const entry = findEntry(this.state.state.entries, this.ref);
    if (!entry) {
      return html`<section class="card">
        <h1>${msg('Receipt')}</h1>
        <p>${msg('This sale is not on this phone.')}</p>
        <a class="button secondary" href=${href({ name: 'history' })}>${msg('History')}</a>
      </section>`;
    }
    return html`<section class="card" aria-labelledby="receipt-title">
      <h1 id="receipt-title">${msg('Receipt')}</h1>
      <div class="status" data-testid="receipt-status">
        <status-badge status=${entry.status}></status-badge>
        <span>${this.explain(entry)}</span>
      </div>
      ${entry.status === 'failed' ? this.renderRefusal(entry) : nothing}
      ${
        entry.refunded
          ? html`<p class="warning" data-testid="receipt-refunded">
              ${msg(str`Refunded ${dateTime(entry.refunded)}: the amount went back to the shop's wallet.`)}
            </p>`
          : nothing
      }
      <p class="amount" data-testid="receipt-amount">${money(entry.amount, entry.currency)}</p>
      <dl>
        <dt>${msg('Number')}</dt>
        <dd data-testid="receipt-number">${entry.msisdn}</dd>
        <dt>${msg('Operator')}</dt>
        <dd>${operatorName(entry.operator)}</dd>
        <dt>${msg('Time')}</dt>
        <dd>${dateTime(entry.createdAt)}</dd>
        ${
          entry.status === 'succeeded'
            ? html`<dt>${msg('Your commission')}</dt>
                <dd>${money(entry.commission, entry.currency)}</dd>`
            : nothing
        }
        <dt>${msg('Reference')}</dt>
        <dd data-testid="receipt-ref">${entry.saleId ?? msg('given when the sale is sent')}</dd>
      </dl>
      <div class="row actions">
        <button class="grow" @click=${() => this.share(entry)}>${msg('Share receipt')}</button>
        ${
          entry.status === 'succeeded' && entry.saleId
            ? html`<button
                class="grow secondary"
                ?disabled=${this.busy || !this.state.state.online}
                @click=${() => this.sms(entry.saleId!)}
              >
                ${msg('Send by SMS')}
              </button>`
            : nothing
        }
      </div>
      <p role="status" data-testid="receipt-note">${this.note}</p>
      ${
        this.copyText
          ? html`<label for="copy">${msg('Copy this text')}</label>
              <textarea id="copy" readonly .value=${this.copyText}></textarea>`
          : nothing
      }
      <div class="row actions">
        <a class="button grow" href=${href({ name: 'sell' })}>${msg('New sale')}</a>
        <a class="button secondary" href=${href({ name: 'sale', ref: entry.ref })}>${msg('Details')}</a>
      </div>
    </section>`;
  }

  private renderRefusal(entry: Entry) {
    if (!entry.error) return nothing;
    return html`<div class="warning" role="alert" data-testid="refusal">
      <p><strong>${refusal(entry.error)}</strong></p>
      <p data-testid="server-message">${entry.error.message}</p>
      <div class="row">
        <a class="button" href=${href({ name: 'sell', again: entry.key })}>${msg('Sell again')}</a>
        <button class="secondary" @click=${() => this.dismiss(entry)}>${msg('Dismiss')}</button>
      </div>
    </div>`;
  }

  private explain(entry: Entry): string {
    switch (entry.status) {
      case 'queued':
        return this.state.state.online
          ? msg('Waiting to be sent.')
          : msg('Saved on this phone. It is sent when the connection returns.');
      case 'sending':
        return msg('Sending…');
      case 'pending':
        return msg('The operator is topping up the number.');
      case 'unknown':
        return msg('The operator has not answered yet; Airload keeps asking.');
      case 'succeeded':
        return msg('Airtime sent.');
      case 'failed':
        return entry.error
          ? msg('Not sold: nothing was taken from the wallet.')
          : msg('The operator refused it; the money is back in the wallet.');
      case 'reversed':
        return msg('Reversed: the money is back in the wallet.');
    }
  }

  private async share(entry: Entry) {
    const text = receiptText(entry, this.state.state.profile?.name ?? 'Airload');
    this.copyText = '';
    try {
      if (navigator.share) {
        await navigator.share({ title: msg('Airload receipt'), text });
        return;
      }
      await navigator.clipboard.writeText(text);
      this.note = msg('Receipt copied.');
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      // No share sheet and no clipboard: show the text to copy by hand.
      this.copyText = text;
      await this.updateComplete;
      this.renderRoot.querySelector('textarea')?.select();
    }
  }

  private async sms(saleId: string) {
    this.busy = true;
    try {
      const sent = await app.sendReceiptSms(saleId);
      this.note = msg(str`Receipt sent by SMS to ${sent.to}.`);
    } catch (error) {
      this.note =
        error instanceof ApiError
          ? error.message
          : msg('Could not send the SMS. Try again when online.');
    } finally {
      this.busy = false;
    }
  }

  private async dismiss(entry: Entry) {
    if (entry.key) await app.dismiss(entry.key);
    location.hash = href({ name: 'history' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'receipt-screen': ReceiptScreen;
  }
}
