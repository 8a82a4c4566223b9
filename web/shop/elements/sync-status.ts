import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import { waitingToSend } from '../state/snapshot';

/**
 * The header's "online / offline / N queued" line (issue 4 "Home"), with "Send now": N
 * counts the queued sales and disputes, which "Send now" sends, sales first.
 */
@customElement('sync-status')
@localized()
export class SyncStatus extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        font-size: 0.9375rem;
      }
      .row {
        flex-wrap: nowrap;
      }
      .dot {
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 50%;
        background: #1f9d55;
        flex: none;
      }
      .offline .dot {
        background: #c62828;
      }
      button {
        min-height: 40px;
        padding: 0.25rem 0.75rem;
        background: #fff;
        color: var(--brand-dark);
      }
    `,
  ];

  private readonly state = new StateController(this, app);

  override render() {
    const { online, sending, syncing } = this.state.state;
    const queued = waitingToSend(this.state.state);
    const label = online ? msg('Online') : msg('Offline');
    return html`<div class="row ${online ? 'online' : 'offline'}" role="status" aria-live="polite">
      <span class="dot" aria-hidden="true"></span>
      <span data-testid="connection">${label}</span>
      ${
        queued > 0
          ? html`<span data-testid="queued-count"
              >${sending.size > 0 ? msg('sending…') : msg(str`${queued} queued`)}</span
            >`
          : null
      }
      ${
        queued > 0 && online
          ? html`<button ?disabled=${syncing} @click=${() => void app.sendNow()}>
              ${msg('Send now')}
            </button>`
          : null
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sync-status': SyncStatus;
  }
}
