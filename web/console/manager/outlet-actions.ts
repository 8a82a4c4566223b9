import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { freezeOutlet, getOutlet, unlockOutlet } from './manager-api';
import type { OutletRow } from './types';

type Action = 'freeze' | 'unfreeze' | 'unlock';

/**
 * Freeze, unfreeze (each with a reason) and lift a PIN lockout (DESIGN 10), each after a
 * confirmation in a modal dialog. Dispatches `outlet-changed` with the outlet as it is now.
 */
@customElement('outlet-actions')
@localized()
export class OutletActions extends LitElement {
  static override styles = [
    base,
    css`
      dialog {
        border: none;
        border-radius: 12px;
        padding: 1rem;
        width: min(28rem, calc(100vw - 2rem));
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      textarea {
        font: inherit;
        width: 100%;
        min-height: 5rem;
        padding: 0.5rem;
        border: 1px solid var(--line);
        border-radius: 8px;
      }
    `,
  ];

  @property({ attribute: false }) outlet!: OutletRow;
  @state() private action: Action | undefined;
  @state() private busy = false;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  private open(action: Action) {
    this.action = action;
    this.error = '';
    void this.updateComplete.then(() => {
      const reason = this.renderRoot.querySelector<HTMLTextAreaElement>('#reason');
      if (reason) reason.value = '';
      this.dialog.showModal();
    });
  }

  private close() {
    this.dialog.close();
    this.action = undefined;
  }

  private async confirm(event: Event) {
    event.preventDefault();
    const action = this.action;
    if (!action) return;
    const reason =
      this.renderRoot.querySelector<HTMLTextAreaElement>('#reason')?.value.trim() ?? '';
    if (action !== 'unlock' && !reason) {
      this.error = msg('Say why.', { id: 'actions.reason_needed' });
      return;
    }
    this.busy = true;
    try {
      let outlet: OutletRow;
      if (action === 'unlock') {
        await unlockOutlet(this.outlet.id);
        outlet = await getOutlet(this.outlet.id);
      } else {
        outlet = await freezeOutlet(this.outlet.id, action === 'freeze', reason);
      }
      this.close();
      this.dispatchEvent(
        new CustomEvent('outlet-changed', { detail: outlet, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  }

  private question(action: Action): string {
    const name = this.outlet.name;
    switch (action) {
      case 'freeze':
        return msg(str`Freeze ${name}? It cannot sell until unfrozen.`, { id: 'actions.freeze_q' });
      case 'unfreeze':
        return msg(str`Unfreeze ${name}? It can sell again.`, { id: 'actions.unfreeze_q' });
      case 'unlock':
        return msg(str`Lift the PIN lockout of ${name}?`, { id: 'actions.unlock_q' });
    }
  }

  override render() {
    const o = this.outlet;
    const locked = o.locked_until && Date.parse(o.locked_until) > Date.now();
    return html`
      <div class="row">
        ${
          o.frozen
            ? html`<button data-testid="unfreeze" @click=${() => this.open('unfreeze')}>
                ${msg('Unfreeze', { id: 'actions.unfreeze' })}</button>`
            : html`<button class="danger" data-testid="freeze" @click=${() => this.open('freeze')}>
                ${msg('Freeze', { id: 'actions.freeze' })}</button>`
        }
        ${
          locked
            ? html`<button class="secondary" data-testid="unlock" @click=${() => this.open('unlock')}>
                ${msg('Lift PIN lockout', { id: 'actions.unlock' })}</button>`
            : nothing
        }
      </div>
      <dialog aria-labelledby="question" @close=${() => (this.action = undefined)}>
        ${
          this.action
            ? html`<form @submit=${this.confirm}>
                <p id="question"><strong>${this.question(this.action)}</strong></p>
                ${
                  this.action === 'unlock'
                    ? nothing
                    : html`<label for="reason">${msg('Reason', { id: 'actions.reason' })}</label>
                        <textarea id="reason" required maxlength="500"></textarea>`
                }
                ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
                <div class="row">
                  <button type="submit" data-testid="confirm-action" ?disabled=${this.busy}
                    class=${this.action === 'freeze' ? 'danger' : ''}>
                    ${msg('Confirm', { id: 'actions.confirm' })}
                  </button>
                  <button type="button" class="secondary" @click=${() => this.close()}>
                    ${msg('Cancel', { id: 'actions.cancel' })}
                  </button>
                </div>
              </form>`
            : nothing
        }
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'outlet-actions': OutletActions;
  }
}
