import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../../shared/api';
import { base } from '../../shared/styles';
import type { Credentials } from '../session';
import { consoleState } from '../state';

/** The console's login (DESIGN 10): staff by email and password, distributors by phone and PIN. */
@customElement('console-login')
@localized()
export class ConsoleLogin extends LitElement {
  static override styles = base;

  @state() private kind: 'staff' | 'distributor' = 'staff';
  @state() private error = '';
  @state() private busy = false;

  override render() {
    const staff = this.kind === 'staff';
    return html`<form class="card" @submit=${this.submit} novalidate>
      <h1>${msg('Log in to the console')}</h1>
      <fieldset class="row" style="border:0;padding:0;margin:0">
        <legend class="visually-hidden">${msg('Who is logging in')}</legend>
        <button
          type="button"
          class=${staff ? '' : 'secondary'}
          aria-pressed=${staff ? 'true' : 'false'}
          data-testid="as-staff"
          @click=${() => this.choose('staff')}
        >
          ${msg('Staff')}
        </button>
        <button
          type="button"
          class=${staff ? 'secondary' : ''}
          aria-pressed=${staff ? 'false' : 'true'}
          data-testid="as-distributor"
          @click=${() => this.choose('distributor')}
        >
          ${msg('Distributor')}
        </button>
      </fieldset>
      ${
        staff
          ? html`<label for="email">${msg('Email')}</label>
              <input id="email" name="email" type="email" autocomplete="username" required />
              <label for="password">${msg('Password')}</label>
              <input
                id="password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
              />`
          : html`<label for="phone">${msg('Your phone number')}</label>
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
              />`
      }
      <p class="error" role="alert">${this.error}</p>
      <button class="wide" type="submit" ?disabled=${this.busy}>
        ${this.busy ? msg('Logging in…') : msg('Log in')}
      </button>
    </form>`;
  }

  private choose(kind: 'staff' | 'distributor') {
    this.kind = kind;
    this.error = '';
  }

  private credentials(form: FormData): Credentials | undefined {
    const field = (name: string) => String(form.get(name) ?? '').trim();
    if (this.kind === 'staff') {
      const email = field('email');
      const password = String(form.get('password') ?? '');
      return email.includes('@') && password ? { email, password } : undefined;
    }
    const phone = field('phone');
    const pin = field('pin');
    return /^\+?\d{9,15}$/.test(phone.replace(/[\s-]/g, '')) && /^\d{4,6}$/.test(pin)
      ? { phone, pin }
      : undefined;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const credentials = this.credentials(new FormData(event.target as HTMLFormElement));
    if (!credentials) {
      this.error =
        this.kind === 'staff'
          ? msg('Enter your email and password.')
          : msg('Enter your phone number and a PIN of 4 to 6 digits.');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await consoleState.login(credentials);
    } catch (error) {
      this.error = this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  private explain(error: unknown): string {
    if (!(error instanceof ApiError)) {
      return msg('Could not reach Airload. Check the connection and try again.');
    }
    switch (error.code) {
      case 'invalid_credentials':
        return msg('Wrong email, phone number, password or PIN.');
      case 'account_locked':
        return msg('Too many wrong attempts: this account is locked for a while.');
      case 'not_staff':
        return msg('This is the back office. Shops sell from the Airload app.');
      default:
        return error.message;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'console-login': ConsoleLogin;
  }
}
