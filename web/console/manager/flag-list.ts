import { localized } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { flagLabel } from './flag-labels';
import { flagReason } from './flag-reasons';
import type { Flag } from './types';

/** An outlet's flags: the name of each in the manager's language, the server's reason in words. */
@customElement('flag-list')
@localized()
export class FlagList extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      margin: 0 0 0.375rem;
    }
    .code {
      display: inline-block;
      font-weight: 700;
      font-size: 0.875rem;
      padding: 0.0625rem 0.5rem;
      border-radius: 999px;
      background: #fdebd2;
      color: #6b3a00;
    }
    .reason {
      display: block;
      font-size: 0.9375rem;
    }
  `;

  @property({ attribute: false }) flags: readonly Flag[] = [];
  /** The outlet's currency, for the money a reason names. */
  @property() currency = 'KES';

  override render() {
    if (this.flags.length === 0) return nothing;
    return html`<ul>
      ${this.flags.map(
        (flag) => html`<li data-flag=${flag.code}>
          <span class="code">${flagLabel(flag.code)}</span>
          <span class="reason">${flagReason(flag, this.currency)}</span>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'flag-list': FlagList;
  }
}
