import { localized } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { badgeStyles } from './badge-styles';
import type { DisplayStatus } from './labels';
import { statusLabel } from './labels';

const TONES: Partial<Record<DisplayStatus, string>> = {
  succeeded: 'good',
  queued: 'info',
  sending: 'info',
  pending: 'wait',
  unknown: 'wait',
  failed: 'bad',
};

/** A sale's status as a coloured label (badge-styles.ts). */
@customElement('status-badge')
@localized()
export class StatusBadge extends LitElement {
  static override styles = badgeStyles;

  @property({ reflect: true }) status: DisplayStatus = 'queued';

  override willUpdate() {
    this.setAttribute('tone', TONES[this.status] ?? '');
  }

  override render() {
    return html`${statusLabel(this.status)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-badge': StatusBadge;
  }
}
