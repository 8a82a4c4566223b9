import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Region } from '../../../core/api/onboarding';
import { base } from '../../shared/styles';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { createRegion, listRegions } from './admin-api';
import { adminStyles } from './admin-styles';

/** Regions (issue 11): the list, and a new one with its own time zone where it differs. */
@customElement('admin-regions')
@localized()
export class AdminRegions extends LitElement {
  static override styles = [base, table, adminStyles];

  @state() private regions: Region[] | undefined;
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.regions = (await listRegions()).items;
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const timezone = String(data.get('timezone') ?? '').trim();
    this.busy = true;
    try {
      await createRegion({ name, ...(timezone ? { timezone } : {}) });
      form.reset();
      this.error = '';
      await this.load();
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const zone = msg('Time zone', { id: 'admin.timezone' });
    return html`<section class="card" aria-labelledby="regions-title">
        <h1 id="regions-title">${msg('Regions', { id: 'admin.regions' })}</h1>
        ${
          this.regions === undefined
            ? html`<p class="muted">${msg('Loading…')}</p>`
            : html`<table data-testid="regions">
                <thead>
                  <tr>
                    <th scope="col">${msg('Name', { id: 'admin.name' })}</th>
                    <th scope="col">${zone}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.regions.map(
                    (r) => html`<tr>
                      <th scope="row">${r.name}</th>
                      <td data-label=${zone}>
                        ${r.timezone ?? msg('The deployment’s', { id: 'admin.default_zone' })}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      <section class="card" aria-labelledby="new-region">
        <h2 id="new-region">${msg('New region', { id: 'admin.new_region' })}</h2>
        <form @submit=${this.create}>
          <label for="region-name">${msg('Name', { id: 'admin.name' })}</label>
          <input id="region-name" name="name" required maxlength="120" />
          <label for="region-zone">${zone}</label>
          <input
            id="region-zone"
            name="timezone"
            placeholder="Africa/Nairobi"
            aria-describedby="zone-help"
          />
          <p id="zone-help" class="muted">
            ${msg('An IANA zone, only where the region’s day differs from the deployment’s.', {
              id: 'admin.zone_help',
            })}
          </p>
          <p class="error" role="alert">${this.error}</p>
          <button type="submit" ?disabled=${this.busy}>
            ${msg('Add the region', { id: 'admin.add_region' })}
          </button>
        </form>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-regions': AdminRegions;
  }
}
