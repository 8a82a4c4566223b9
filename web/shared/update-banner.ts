import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { base } from './styles';
import { type SaleActivity, updates } from './updates';

/**
 * "A new version is ready": asks, never reloads by itself. Each app tells it, through
 * `activity`, whether work is in progress that a reload would lose.
 */
@customElement('update-banner')
@localized()
export class UpdateBanner extends LitElement {
  static override styles = [
    base,
    css`
      .card {
        border: 2px solid var(--brand);
      }
    `,
  ];

  /** What the page is doing now: no reload while a sale (or a visit) is entered or sent. */
  @property({ attribute: false }) activity: () => SaleActivity = () => ({
    saleInProgress: false,
    sending: 0,
  });
  @state() private note = '';
  @state() private later = false;

  override connectedCallback() {
    super.connectedCallback();
    updates.addEventListener('change', this.changed);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    updates.removeEventListener('change', this.changed);
  }

  private readonly changed = () => this.requestUpdate();

  override render() {
    if (!updates.waiting || this.later) return nothing;
    return html`<aside class="card" role="region" aria-label=${msg('Update')}>
      <p>${msg('A new version of Airload is ready.')}</p>
      <p class="muted" role="status">${this.note}</p>
      <div class="row">
        <button class="grow" @click=${this.apply}>${msg('Update now')}</button>
        <button class="secondary" @click=${() => {
          this.later = true;
        }}>${msg('Later')}</button>
      </div>
    </aside>`;
  }

  private apply() {
    this.note =
      updates.apply(this.activity()) === 'busy'
        ? msg('Finish the sale first; then update.')
        : msg('Updating…');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'update-banner': UpdateBanner;
  }
}
