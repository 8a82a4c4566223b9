import { localized } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DisplayStatus } from './labels';
import { statusLabel } from './labels';

/** A sale's status as a coloured label (text colours keep 4.5:1 contrast). */
@customElement('status-badge')
@localized()
export class StatusBadge extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      font-size: 0.875rem;
      font-weight: 700;
      padding: 0.125rem 0.5rem;
      border-radius: 999px;
      white-space: nowrap;
      background: #e8e8e8;
      color: #303030;
    }
    :host([status='succeeded']) {
      background: #dff3e8;
      color: #0a5c3e;
    }
    :host([status='queued']),
    :host([status='sending']) {
      background: #e3ecfb;
      color: #1d4b9a;
    }
    :host([status='pending']),
    :host([status='unknown']) {
      background: #fff1d6;
      color: #7a4a00;
    }
    :host([status='failed']) {
      background: #fde4e4;
      color: #a1161d;
    }
  `;

  @property({ reflect: true }) status: DisplayStatus = 'queued';

  override render() {
    return html`${statusLabel(this.status)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-badge': StatusBadge;
  }
}
