import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { NewUser, Onboarded, Region, UserView } from '../../../core/api/onboarding';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { onboardUser } from './admin-api';
import { adminStyles } from './admin-styles';
import { roleName } from './role-names';
import './secret-once';

type Role = NewUser['role'];
const ROLES: readonly Role[] = ['retailer', 'distributor', 'manager', 'admin'];

/**
 * Onboarding one user (issue 11): role, name, phone (PIN roles) or email (staff), region,
 * and a retailer's distributor. The answer's first secret is shown once, then forgotten.
 */
@customElement('admin-onboard')
@localized()
export class AdminOnboard extends LitElement {
  static override styles = [base, adminStyles];

  @property({ attribute: false }) regions: Region[] = [];
  @property({ attribute: false }) distributors: UserView[] = [];
  @state() private userRole: Role = 'retailer';
  @state() private region = '';
  @state() private done: Onboarded | undefined;
  @state() private error = '';
  @state() private busy = false;

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const byPhone = this.userRole === 'retailer' || this.userRole === 'distributor';
    const body: NewUser = {
      role: this.userRole,
      name: text('name'),
      ...(byPhone ? { phone: text('phone') } : { email: text('email') }),
      ...(text('region_id') ? { region_id: text('region_id') } : {}),
      ...(this.userRole === 'retailer' && text('distributor_id')
        ? { distributor_id: text('distributor_id') }
        : {}),
    };
    this.busy = true;
    try {
      this.done = await onboardUser(body);
      this.error = '';
      form.reset();
      this.dispatchEvent(new CustomEvent('onboarded', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const byPhone = this.userRole === 'retailer' || this.userRole === 'distributor';
    const distributors = this.distributors.filter((d) => d.region_id === this.region && d.active);
    const done = this.done;
    return html`<section class="card" aria-labelledby="onboard-title">
      <h2 id="onboard-title">${msg('Onboard a user', { id: 'admin.onboard' })}</h2>
      ${
        done
          ? html`<secret-once
              who=${`${done.user.name} (${done.user.phone ?? done.user.email})`}
              secret=${done.secret}
              @dismiss=${() => {
                this.done = undefined;
              }}
            ></secret-once>`
          : nothing
      }
      <form @submit=${this.submit}>
        <label for="role">${msg('Role', { id: 'admin.role' })}</label>
        <select
          id="role"
          name="role"
          @change=${(e: Event) => {
            const value = (e.target as HTMLSelectElement).value;
            this.userRole = ROLES.find((r) => r === value) ?? 'retailer';
          }}
        >
          ${ROLES.map((r) => html`<option value=${r} ?selected=${r === this.userRole}>${roleName(r)}</option>`)}
        </select>
        <label for="name">${msg('Name', { id: 'admin.name' })}</label>
        <input id="name" name="name" required maxlength="120" autocomplete="off" />
        ${
          byPhone
            ? html`<label for="phone">${msg('Phone number', { id: 'admin.phone' })}</label>
                <input id="phone" name="phone" type="tel" required autocomplete="off" />`
            : html`<label for="email">${msg('Email', { id: 'admin.email' })}</label>
                <input id="email" name="email" type="email" required autocomplete="off" />`
        }
        <label for="region">${msg('Region', { id: 'admin.region' })}</label>
        <select
          id="region"
          name="region_id"
          ?required=${this.userRole !== 'admin'}
          @change=${(e: Event) => {
            this.region = (e.target as HTMLSelectElement).value;
          }}
        >
          <option value="">${msg('Choose a region', { id: 'admin.choose_region' })}</option>
          ${this.regions.map((r) => html`<option value=${r.id}>${r.name}</option>`)}
        </select>
        ${
          this.userRole === 'retailer'
            ? html`<label for="distributor">${msg('Distributor', { id: 'admin.distributor' })}</label>
                <select id="distributor" name="distributor_id">
                  <option value="">${msg('None yet', { id: 'admin.no_distributor' })}</option>
                  ${distributors.map(
                    (d) => html`<option value=${d.id}>${d.name} (${d.phone})</option>`,
                  )}
                </select>`
            : nothing
        }
        <p class="error" role="alert">${this.error}</p>
        <button type="submit" ?disabled=${this.busy}>${msg('Onboard', { id: 'admin.onboard_go' })}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-onboard': AdminOnboard;
  }
}
