import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../../shared/api';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import { plausiblePhone, plausiblePin } from '../session';
import { CONSOLE_ACCOUNT, CONSOLE_URL } from '../state/login';

/** Phone + PIN (DESIGN 7). The first login needs the network; later ones unlock offline. */
@customElement('login-screen')
@localized()
export class LoginScreen extends LitElement {
  static override styles = base;

  @state() private error = '';
  @state() private busy = false;

  override render() {
    return html`<form class="card" @submit=${this.submit} novalidate>
      <h1>${msg('Log in')}</h1>
      <p class="muted">${msg('Sell airtime from your wallet, even when the network is bad.')}</p>
      <label for="phone">${msg('Your phone number')}</label>
      <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="username" required />
      <label for="pin">${msg('PIN')}</label>
      <input
        id="pin"
        name="pin"
        type="password"
        inputmode="numeric"
        autocomplete="current-password"
        maxlength="6"
        required
      />
      <p class="error" role="alert">${this.error}</p>
      <button class="wide" type="submit" ?disabled=${this.busy}>
        ${this.busy ? msg('Logging in…') : msg('Log in')}
      </button>
      <p class="muted">
        <a href=${CONSOLE_URL} data-testid="to-console">${msg('Staff and distributors: the console')}</a>
      </p>
    </form>`;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const phone = String(form.get('phone') ?? '').trim();
    const pin = String(form.get('pin') ?? '').trim();
    if (!plausiblePhone(phone)) {
      this.error = msg('Enter your phone number, for example 0712 345678.');
      return;
    }
    if (!plausiblePin(pin)) {
      this.error = msg('The PIN has 4 to 6 digits.');
      return;
    }
    if (!navigator.onLine) {
      this.error = msg('Logging in needs a connection. Try again when you are online.');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await app.login(phone, pin);
    } catch (error) {
      if (error instanceof ApiError && error.code === CONSOLE_ACCOUNT) {
        location.assign(CONSOLE_URL);
        return;
      }
      this.error = this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  private explain(error: unknown): string {
    if (!(error instanceof ApiError)) {
      return msg('Could not reach Airload. Check the connection and try again.');
    }
    if (error.code === 'invalid_credentials') return msg('Wrong phone number or PIN.');
    if (error.code === 'account_locked') {
      return msg('Too many wrong PINs: this account is locked for a while.');
    }
    return error.message;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-screen': LoginScreen;
  }
}
