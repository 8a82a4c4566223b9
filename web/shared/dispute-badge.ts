import { localized } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { badgeStyles } from './badge-styles';
import { disputeStatusLabel } from './dispute-labels';
import type { DisputeStatus } from './types';

type Shown = DisputeStatus | 'queued' | 'sending' | 'refused';

const TONES: Partial<Record<Shown, string>> = {
  queued: 'info',
  sending: 'info',
  open: 'wait',
  investigating: 'wait',
  refunded: 'good',
  rejected: 'bad',
  refused: 'bad',
};

/** A dispute's status as a coloured label (badge-styles.ts), beside the sale's status-badge. */
@customElement('dispute-badge')
@localized()
export class DisputeBadge extends LitElement {
  static override styles = badgeStyles;

  @property({ reflect: true }) status: Shown = 'open';

  override willUpdate() {
    this.setAttribute('tone', TONES[this.status] ?? '');
  }

  override render() {
    return html`${disputeStatusLabel(this.status)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dispute-badge': DisputeBadge;
  }
}
