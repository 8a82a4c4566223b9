import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { choiceStyles } from '../../shared/choice-styles';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { resolveDispute } from './manager-api';
import type { Dispute, ResolveRequest } from './types';

type Outcome = ResolveRequest['outcome'];

/** The longest note the server takes (core/api/disputes.ts ResolveRequest). */
const NOTE_MAX = 1000;

/**
 * Resolve a dispute (DESIGN 11): refund the shop or reject, with a note that is required
 * (the shop and the audit trail read why). Fires `dispute-resolved` with the dispute as
 * the server now has it.
 */
@customElement('dispute-resolve')
@localized()
export class DisputeResolve extends LitElement {
  static override styles = [base, choiceStyles];

  @property({ attribute: false }) dispute!: Dispute;
  @state() private outcome: Outcome | undefined;
  @state() private note = '';
  @state() private problem = '';
  @state() private busy = false;

  override render() {
    const choice = (outcome: Outcome, label: string) => html`<label class="choice">
      <input type="radio" name="outcome" value=${outcome} .checked=${this.outcome === outcome}
        @change=${() => {
          this.outcome = outcome;
        }} />
      ${label}
    </label>`;
    return html`<section class="card" aria-labelledby="resolve-h">
      <h2 id="resolve-h">${msg('Resolve', { id: 'resolve.title' })}</h2>
      <form @submit=${this.submit} novalidate data-testid="resolve">
        <fieldset>
          <legend>${msg('Decision', { id: 'resolve.decision' })}</legend>
          ${choice('refunded', msg("Refund the sale to the shop's wallet", { id: 'resolve.refund' }))}
          ${choice('rejected', msg('Reject: the sale stands', { id: 'resolve.reject' }))}
        </fieldset>
        <label for="resolve-note">${msg('Note (required)', { id: 'resolve.note' })}</label>
        <textarea id="resolve-note" maxlength=${NOTE_MAX} required aria-required="true"
          aria-invalid=${this.problem && !this.note.trim() ? 'true' : 'false'}
          .value=${this.note} @input=${(e: Event) => {
            this.note = (e.target as HTMLTextAreaElement).value;
          }}></textarea>
        ${this.problem ? html`<p class="error" role="alert" data-testid="resolve-problem">${this.problem}</p>` : nothing}
        <button type="submit" data-testid="resolve-submit" ?disabled=${this.busy}>
          ${msg('Save the decision', { id: 'resolve.save' })}
        </button>
      </form>
    </section>`;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const note = this.note.trim();
    if (!this.outcome) {
      this.problem = msg('Choose refund or reject.', { id: 'resolve.choose' });
      return;
    }
    if (!note) {
      this.problem = msg('Write a note: say why.', { id: 'resolve.note_needed' });
      return;
    }
    this.problem = '';
    this.busy = true;
    try {
      const dispute = await resolveDispute(this.dispute.id, { outcome: this.outcome, note });
      this.dispatchEvent(
        new CustomEvent('dispute-resolved', { detail: dispute, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.problem = problemText(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dispute-resolve': DisputeResolve;
  }
}
