import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Region, UserView } from '../../../core/api/onboarding';
import { base } from '../../shared/styles';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { changeUser, listRegions, resetPin, searchUsers } from './admin-api';
import { adminStyles } from './admin-styles';
import './admin-funding';
import './admin-onboard';
import { roleName } from './role-names';
import './secret-once';

/**
 * Users (issue 11): search by name, number or email and role; onboard; reset a PIN
 * (shown once); deactivate (ends the sessions, refuses every channel) or reactivate.
 */
@customElement('admin-users')
@localized()
export class AdminUsers extends LitElement {
  static override styles = [base, table, adminStyles];

  @state() private users: UserView[] | undefined;
  @state() private regions: Region[] = [];
  @state() private distributors: UserView[] = [];
  @state() private q = '';
  @state() private userRole = '';
  @state() private error = '';
  @state() private reset: { who: string; pin: string } | undefined;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
    void this.loadChoices();
  }

  private async loadChoices() {
    try {
      const [regions, distributors] = await Promise.all([
        listRegions(),
        searchUsers({ role: 'distributor' }),
      ]);
      this.regions = regions.items;
      this.distributors = distributors.items;
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private async load() {
    try {
      this.users = (await searchUsers({ q: this.q, role: this.userRole })).items;
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private search(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    this.q = String(data.get('q') ?? '').trim();
    this.userRole = String(data.get('role') ?? '');
    void this.load();
  }

  private async act(work: () => Promise<unknown>) {
    try {
      await work();
      await this.load();
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private resetPin(user: UserView) {
    const yes = confirm(
      msg('Give this user a new PIN? Its sessions end.', { id: 'admin.reset_confirm' }),
    );
    if (!yes) return;
    void this.act(async () => {
      const { pin } = await resetPin(user.id);
      this.reset = { who: `${user.name} (${user.phone})`, pin };
    });
  }

  private setActive(user: UserView, active: boolean) {
    if (
      !active &&
      !confirm(
        msg('Deactivate this user? It is logged out and refused on every channel.', {
          id: 'admin.deactivate_confirm',
        }),
      )
    )
      return;
    void this.act(() => changeUser(user.id, { active }));
  }

  /** A retailer moves to another distributor of its region (its region never changes). */
  private move(user: UserView, event: SubmitEvent) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('to') ?? '');
    void this.act(() => changeUser(user.id, { distributor_id: value || null }));
  }

  private distributorControl(u: UserView) {
    const choices = this.distributors.filter((d) => d.region_id === u.region_id && d.active);
    const label = msg('Distributor', { id: 'admin.distributor' });
    return html`<form class="row" @submit=${(e: SubmitEvent) => this.move(u, e)}>
      <select name="to" aria-label=${`${label}: ${u.name}`} class="grow">
        <option value="">${msg('None yet', { id: 'admin.no_distributor' })}</option>
        ${choices.map(
          (d) =>
            html`<option value=${d.id} ?selected=${d.id === u.distributor_id}>${d.name}</option>`,
        )}
      </select>
      <button type="submit" class="secondary">${msg('Move', { id: 'admin.move' })}</button>
    </form>`;
  }

  private row(u: UserView) {
    const regionName = this.regions.find((r) => r.id === u.region_id)?.name ?? '—';
    const pinUser = u.role === 'retailer' || u.role === 'distributor';
    return html`<tr data-user=${u.id}>
      <th scope="row">
        ${u.name}${u.active ? '' : html` <strong>(${msg('deactivated', { id: 'admin.deactivated' })})</strong>`}
      </th>
      <td data-label=${msg('Role', { id: 'admin.role' })}>${roleName(u.role)}</td>
      <td data-label=${msg('Login', { id: 'admin.login' })}>${u.phone ?? u.email}</td>
      <td data-label=${msg('Region', { id: 'admin.region' })}>${regionName}</td>
      <td data-label=${msg('Distributor', { id: 'admin.distributor' })}>
        ${u.role === 'retailer' ? this.distributorControl(u) : '—'}
      </td>
      <td class="row">
        ${
          pinUser
            ? html`<button type="button" class="secondary" @click=${() => this.resetPin(u)}>
                ${msg('Reset PIN', { id: 'admin.reset_pin' })}
              </button>`
            : nothing
        }
        ${
          u.active
            ? html`<button type="button" class="danger" @click=${() => this.setActive(u, false)}>
                ${msg('Deactivate', { id: 'admin.deactivate' })}
              </button>`
            : html`<button type="button" class="secondary" @click=${() => this.setActive(u, true)}>
                ${msg('Reactivate', { id: 'admin.reactivate' })}
              </button>`
        }
      </td>
    </tr>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="users-title">
        <h1 id="users-title">${msg('Users', { id: 'admin.users' })}</h1>
        <form class="row" role="search" @submit=${this.search}>
          <div class="grow">
            <label for="q">${msg('Name, number or email', { id: 'admin.search' })}</label>
            <input id="q" name="q" type="search" .value=${this.q} />
          </div>
          <div class="grow">
            <label for="filter-role">${msg('Role', { id: 'admin.role' })}</label>
            <select id="filter-role" name="role">
              <option value="">${msg('Every role', { id: 'admin.every_role' })}</option>
              ${(['retailer', 'distributor', 'manager', 'admin'] as const).map(
                (r) =>
                  html`<option value=${r} ?selected=${r === this.userRole}>${roleName(r)}</option>`,
              )}
            </select>
          </div>
          <button type="submit">${msg('Search', { id: 'admin.search_go' })}</button>
        </form>
        <p class="error" role="alert">${this.error}</p>
        ${
          this.reset
            ? html`<secret-once
                who=${this.reset.who}
                secret=${this.reset.pin}
                @dismiss=${() => {
                  this.reset = undefined;
                }}
              ></secret-once>`
            : nothing
        }
        ${
          this.users === undefined
            ? html`<p class="muted">${msg('Loading…')}</p>`
            : this.users.length === 0
              ? html`<p class="muted">${msg('No user matches.', { id: 'admin.no_users' })}</p>`
              : html`<table data-testid="users">
                  <thead>
                    <tr>
                      <th scope="col">${msg('Name', { id: 'admin.name' })}</th>
                      <th scope="col">${msg('Role', { id: 'admin.role' })}</th>
                      <th scope="col">${msg('Login', { id: 'admin.login' })}</th>
                      <th scope="col">${msg('Region', { id: 'admin.region' })}</th>
                      <th scope="col">${msg('Distributor', { id: 'admin.distributor' })}</th>
                      <th scope="col">${msg('Actions', { id: 'admin.actions' })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.users.map((u) => this.row(u))}
                  </tbody>
                </table>`
        }
      </section>
      <admin-onboard
        .regions=${this.regions}
        .distributors=${this.distributors}
        @onboarded=${() => {
          void this.load();
          void this.loadChoices();
        }}
      ></admin-onboard>
      <admin-funding></admin-funding>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-users': AdminUsers;
  }
}
