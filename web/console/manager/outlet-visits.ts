import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { metres, when } from './format';
import { outletVisits } from './manager-api';
import type { Visit } from './types';
import { type QueuedVisit, visitQueue } from './visit-queue';
import { CHECKLIST_ITEMS } from './visit-rules';

/**
 * An outlet's visits (DESIGN 10): the ones this phone still holds (queued, sent, failed)
 * first, then the server's, newest first.
 */
@customElement('outlet-visits')
@localized()
export class OutletVisits extends LitElement {
  static override styles = [
    base,
    css`
      li {
        border-bottom: 1px solid var(--line-soft);
        padding: 0.5rem 0;
      }
      .badge {
        font-weight: 700;
        font-size: 0.875rem;
        padding: 0.0625rem 0.5rem;
        border-radius: 999px;
        background: #e3ecfb;
        color: #1d4b9a;
      }
      .badge.failed {
        background: #fbe3e3;
        color: #8a1c1c;
      }
      .badge.sent,
      .badge.confirmed {
        background: #dff3e8;
        color: #0a5c3e;
      }
    `,
  ];

  @property() outletId = '';
  @state() private visits: Visit[] | undefined;
  @state() private local: QueuedVisit[] = [];
  @state() private error = '';
  private readonly changed = () => void this.loadLocal(true);

  override connectedCallback() {
    super.connectedCallback();
    visitQueue.addEventListener('change', this.changed);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    visitQueue.removeEventListener('change', this.changed);
  }

  override willUpdate(changed: PropertyValues) {
    if (changed.has('outletId')) {
      void this.loadLocal(false);
      void this.loadServer();
    }
  }

  private async loadLocal(fromQueue: boolean) {
    const before = this.local.filter((v) => v.state === 'sent').length;
    this.local = await visitQueue.list(this.outletId);
    // A visit the queue just sent is on the server now: read its list again.
    if (fromQueue && this.local.filter((v) => v.state === 'sent').length !== before)
      void this.loadServer();
  }

  private async loadServer() {
    try {
      this.visits = await outletVisits(this.outletId);
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
      this.visits ??= [];
    }
  }

  private stateLabel(item: QueuedVisit): string {
    switch (item.state) {
      case 'queued':
        return msg('Queued', { id: 'status.queued' });
      case 'sent':
        return msg('Sent', { id: 'visits.sent' });
      case 'failed':
        return msg('Failed', { id: 'status.failed' });
    }
  }

  override render() {
    const waiting = this.local.filter((v) => v.state !== 'sent');
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        waiting.length > 0
          ? html`<ul class="list" data-testid="local-visits">
              ${waiting.map(
                (v) => html`<li data-state=${v.state}>
                  <span class="badge ${v.state}">${this.stateLabel(v)}</span>
                  ${when(v.body.recorded_at)}
                  ${v.lastError ? html`<div class="error">${problemText(v.lastError)}</div>` : nothing}
                </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        this.visits === undefined
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : this.visits.length === 0
            ? html`<p class="muted">${msg('No visit yet.', { id: 'visits.none' })}</p>`
            : html`<ul class="list" data-testid="visits">
                ${this.visits.map((v) => this.visit(v))}
              </ul>`
      }
    `;
  }

  private visit(v: Visit) {
    const ticked = CHECKLIST_ITEMS.filter((item) => v.checklist?.[item]).length;
    return html`<li data-visit=${v.id}>
      <strong>${when(v.recorded_at)}</strong>
      ${v.shop_confirmed ? html`<span class="badge confirmed">${msg('Shop confirmed', { id: 'visits.confirmed' })}</span>` : nothing}
      <div class="muted">
        ${v.distance_m === null ? msg('No outlet location yet', { id: 'visits.no_location' }) : msg(str`${metres(v.distance_m)} from the outlet`, { id: 'visits.distance' })}
        · ${msg(str`accuracy ${metres(v.accuracy_m)}`, { id: 'visits.accuracy' })}
        · ${msg(str`${ticked} of ${CHECKLIST_ITEMS.length} checks`, { id: 'visits.checks' })}
      </div>
      ${v.note ? html`<div>${v.note}</div>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'outlet-visits': OutletVisits;
  }
}
