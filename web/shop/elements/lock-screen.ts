import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../../shared/api';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import { waitingToSend } from '../state/snapshot';

/**
 * The lock screen after inactivity (issue 4), also shown when the server stopped taking
 * the token: the PIN unlocks on the device, and renews the token when online.
 */
@customElement('lock-screen')
@localized()
export class LockScreen extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 10;
        background: var(--bg);
        padding: 1rem;
        overflow: auto;
      }
      form {
        max-width: 28rem;
        margin: 10vh auto 0;
      }
    `,
  ];

  @state() private error = '';
  @state() private busy = false;
  private readonly state = new StateController(this, app);

  override render() {
    const { session, lockReason } = this.state.state;
    const queued = waitingToSend(this.state.state);
    return html`<form class="card" @submit=${this.submit} novalidate>
      <h1>${msg('Airload is locked')}</h1>
      <p>
        ${
          lockReason === 'expired'
            ? msg('Your session has ended. Enter your PIN to carry on.')
            : msg(str`Enter the PIN of ${session?.name ?? ''} to carry on.`)
        }
      </p>
      ${queued > 0 ? html`<p class="muted">${msg(str`Waiting to be sent: ${queued}`)}</p>` : null}
      <label for="unlock-pin">${msg('PIN')}</label>
      <input
        id="unlock-pin"
        name="pin"
        type="password"
        inputmode="numeric"
        autocomplete="current-password"
        maxlength="6"
        required
      />
      <p class="error" role="alert">${this.error}</p>
      <div class="row">
        <button class="grow" type="submit" ?disabled=${this.busy}>${msg('Unlock')}</button>
        <button class="secondary" type="button" @click=${() => void app.logout()}>
          ${msg('Log out')}
        </button>
      </div>
    </form>`;
  }

  override firstUpdated() {
    this.renderRoot.querySelector('input')?.focus();
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const pin = String(new FormData(form).get('pin') ?? '').trim();
    this.busy = true;
    try {
      const ok = await app.unlock(pin);
      this.error = ok ? '' : msg('Wrong PIN.');
      form.reset();
    } catch (error) {
      this.error =
        error instanceof ApiError && error.code === 'invalid_credentials'
          ? msg('Wrong PIN.')
          : msg('Could not unlock. Try again.');
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lock-screen': LockScreen;
  }
}
