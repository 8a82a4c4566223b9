import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { v7 as uuidv7 } from 'uuid';
import { DISPUTE_REASONS } from '../../../core/api/enums';
import { choiceStyles } from '../../shared/choice-styles';
import { disputeReasonLabel } from '../../shared/dispute-labels';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import type { DisputeReason } from '../../shared/types';
import { app } from '../app-state';
import type { Entry } from '../history';

/** The longest note the server takes (core/api/disputes.ts DisputeRequest). */
const NOTE_MAX = 500;

/**
 * "Dispute this sale" (DESIGN 11, issue 12): the reason in plain words and a note, then
 * the customer's number read back before it is sent. Confirmed, it is stored with its
 * own Idempotency-Key and sent through the outbox, offline too. Fires `dispute-opened`.
 */
@customElement('dispute-form')
@localized()
export class DisputeForm extends LitElement {
  static override styles = [
    base,
    choiceStyles,
    css`
      .readback {
        font-size: 1.5rem;
        font-weight: 800;
        letter-spacing: 0.02em;
        margin: 0.5rem 0;
      }
    `,
  ];

  @property({ attribute: false }) entry!: Entry;
  @state() private step: 'closed' | 'form' | 'confirm' = 'closed';
  @state() private reason: DisputeReason | undefined;
  @state() private note = '';
  @state() private problem = '';
  @state() private busy = false;

  override render() {
    switch (this.step) {
      case 'closed':
        return html`<button class="secondary" data-testid="open-dispute" @click=${() => {
          this.step = 'form';
        }}>${msg('Dispute this sale', { id: 'dispute.open' })}</button>`;
      case 'form':
        return this.form();
      case 'confirm':
        return this.confirmation();
    }
  }

  private form() {
    return html`<form @submit=${this.review} novalidate>
      <fieldset>
        <legend>${msg('What went wrong?', { id: 'dispute.what' })}</legend>
        ${DISPUTE_REASONS.map(
          (reason) => html`<label class="choice">
            <input type="radio" name="reason" value=${reason} .checked=${this.reason === reason}
              @change=${() => {
                this.reason = reason;
                this.problem = '';
              }} />
            ${disputeReasonLabel(reason)}
          </label>`,
        )}
      </fieldset>
      <label for="dispute-note">${msg('Note (optional)', { id: 'dispute.note' })}</label>
      <textarea id="dispute-note" maxlength=${NOTE_MAX} .value=${this.note}
        @input=${(e: Event) => {
          this.note = (e.target as HTMLTextAreaElement).value;
        }}></textarea>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <div class="row">
        <button type="submit" class="grow">${msg('Continue')}</button>
        <button type="button" class="secondary" @click=${() => {
          this.step = 'closed';
        }}>${msg('Cancel', { id: 'dispute.cancel' })}</button>
      </div>
    </form>`;
  }

  private confirmation() {
    const entry = this.entry;
    return html`<div class="warning" data-testid="dispute-confirm">
      <p id="readback-title" tabindex="-1">
        ${msg("Read the customer's number back to them:", { id: 'dispute.readback' })}
      </p>
      <p class="readback" data-testid="dispute-number">${entry.msisdn}</p>
      <p>${msg(str`${money(entry.amount, entry.currency)}: ${disputeReasonLabel(this.reason!)}`, { id: 'dispute.summary' })}</p>
      ${this.note ? html`<p class="muted">${this.note}</p>` : nothing}
      <div class="row">
        <button class="danger grow" data-testid="send-dispute" ?disabled=${this.busy} @click=${this.send}>
          ${msg('Yes, send the dispute', { id: 'dispute.send' })}
        </button>
        <button class="secondary" ?disabled=${this.busy} @click=${() => {
          this.step = 'form';
        }}>${msg('Change')}</button>
      </div>
    </div>`;
  }

  private review(event: SubmitEvent) {
    event.preventDefault();
    if (!this.reason) {
      this.problem = msg('Choose what went wrong.', { id: 'dispute.choose' });
      return;
    }
    this.step = 'confirm';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#readback-title')?.focus(),
    );
  }

  private async send() {
    const { entry, reason } = this;
    if (!reason || !entry.saleId || this.busy) return;
    this.busy = true;
    try {
      // The dispute's one key, made now and stored with it before anything is sent.
      const note = this.note.trim();
      await app.openDispute({
        key: uuidv7(),
        saleId: entry.saleId,
        msisdn: entry.msisdn,
        reason,
        ...(note && { note }),
      });
      this.step = 'closed';
      this.reason = undefined;
      this.note = '';
      this.dispatchEvent(new CustomEvent('dispute-opened', { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      this.step = 'form';
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dispute-form': DisputeForm;
  }
}
