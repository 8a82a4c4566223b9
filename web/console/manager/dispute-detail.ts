import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { disputeReasonLabel } from '../../shared/dispute-labels';
import { money, statusLabel } from '../../shared/labels';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { isOverdue, isUnresolved } from './dispute-order';
import { when } from './format';
import { getDispute } from './manager-api';
import { managerHref } from './routes';
import type { Dispute, DisputeEvidence } from './types';
import '../../shared/dispute-badge';
import '../../shared/status-badge';
import './dispute-resolve';

type CarrierStatus = DisputeEvidence['carrier']['status'];

/** What the carrier said of the sale when the dispute was opened, in plain words. */
function carrierLabel(status: CarrierStatus): string {
  switch (status) {
    case 'succeeded':
      return msg('Credited to the customer', { id: 'evidence.succeeded' });
    case 'failed':
      return msg('Failed: not credited', { id: 'evidence.failed' });
    case 'not_found':
      return msg('Never received by the carrier', { id: 'evidence.not_found' });
    case 'processing':
      return msg('Still processing', { id: 'evidence.processing' });
    case 'reversed':
      return msg('Reversed by the carrier', { id: 'evidence.reversed' });
    case 'no_answer':
      return msg('The carrier did not answer', { id: 'evidence.no_answer' });
  }
}

/**
 * One dispute (DESIGN 11, issue 12) for the regional manager: the sale, the evidence
 * fetched when it opened (the carrier's status and reference, the sale's own status
 * history), who did what and when, and, while it is undecided, the resolution.
 */
@customElement('dispute-detail')
@localized()
export class DisputeDetail extends LitElement {
  static override styles = [
    base,
    css`
      .overdue {
        color: var(--danger);
        font-weight: 700;
      }
      ol {
        padding-left: 1.25rem;
        margin: 0;
      }
      ol li {
        margin-bottom: 0.375rem;
      }
    `,
  ];

  @property() disputeId = '';
  @state() private dispute: Dispute | undefined;
  @state() private error = '';

  override willUpdate(changed: PropertyValues) {
    if (changed.has('disputeId')) void this.load();
  }

  private async load() {
    this.error = '';
    try {
      this.dispute = await getDispute(this.disputeId);
    } catch (error) {
      this.error = problemText(error);
    }
  }

  override render() {
    const back = html`<p><a href=${managerHref({ name: 'disputes' })}>
      ← ${msg('All disputes', { id: 'dispute.back' })}</a></p>`;
    const d = this.dispute;
    if (!d) {
      return html`${back}${this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p>${msg('Loading…')}</p>`}`;
    }
    const sale = d.evidence.sale;
    return html`
      ${back}
      <h1>${msg('Dispute', { id: 'dispute.title' })}</h1>
      <p data-testid="dispute-state">
        <dispute-badge status=${d.status}></dispute-badge>
        ${isOverdue(d, Date.now()) ? html`<span class="overdue">${msg('Overdue', { id: 'disputes.overdue' })}</span>` : nothing}
      </p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section class="card" aria-labelledby="dispute-sale-h">
        <h2 id="dispute-sale-h">${msg('The sale', { id: 'dispute.sale' })}</h2>
        <dl>
          <dt>${msg('Outlet', { id: 'disputes.outlet' })}</dt>
          <dd><a href=${managerHref({ name: 'outlet', id: d.outlet_id })}>${d.outlet_name}</a></dd>
          <dt>${msg('Number', { id: 'sales.number' })}</dt><dd>${sale.msisdn}</dd>
          <dt>${msg('Amount', { id: 'sales.amount' })}</dt><dd>${money(sale.amount, sale.currency)}</dd>
          <dt>${msg('Sold', { id: 'dispute.sold' })}</dt><dd>${when(sale.created_at)}</dd>
          <dt>${msg('Reference', { id: 'dispute.sale_ref' })}</dt><dd>${d.sale_id}</dd>
          <dt>${msg('Reason', { id: 'disputes.reason' })}</dt><dd>${disputeReasonLabel(d.reason)}</dd>
          <dt>${msg("Shop's note", { id: 'dispute.shop_note' })}</dt><dd>${d.note ?? '—'}</dd>
          <dt>${msg('Opened', { id: 'disputes.opened' })}</dt><dd>${when(d.opened_at)}</dd>
          <dt>${msg('Due', { id: 'disputes.due' })}</dt><dd>${when(d.due_at)}</dd>
        </dl>
      </section>
      ${this.evidence(d)}
      <section class="card" aria-labelledby="dispute-history-h">
        <h2 id="dispute-history-h">${msg('History', { id: 'dispute.history' })}</h2>
        <ol data-testid="dispute-history">
          ${d.history.map(
            (e) => html`<li>
              <dispute-badge status=${e.status}></dispute-badge> · ${when(e.at)} · ${e.actor_role} · ${e.channel}
              ${e.note ? html`<div class="muted">${e.note}</div>` : nothing}
            </li>`,
          )}
        </ol>
        ${d.resolution ? this.resolution(d) : nothing}
      </section>
      ${
        isUnresolved(d)
          ? html`<dispute-resolve .dispute=${d} @dispute-resolved=${(e: CustomEvent<Dispute>) => {
              this.dispute = e.detail;
            }}></dispute-resolve>`
          : nothing
      }
    `;
  }

  private evidence(d: Dispute) {
    const { carrier, sale } = d.evidence;
    return html`<section class="card" aria-labelledby="dispute-evidence-h">
      <h2 id="dispute-evidence-h">${msg('Evidence', { id: 'dispute.evidence' })}</h2>
      <dl data-testid="evidence">
        <dt>${msg('Carrier', { id: 'dispute.carrier' })}</dt>
        <dd data-testid="carrier-status" data-status=${carrier.status}>${carrierLabel(carrier.status)}</dd>
        <dt>${msg('Carrier reference', { id: 'dispute.carrier_ref' })}</dt>
        <dd data-testid="carrier-ref">${carrier.reference ?? '—'}</dd>
        ${carrier.reason ? html`<dt>${msg('Carrier said', { id: 'dispute.carrier_reason' })}</dt><dd>${carrier.reason}</dd>` : nothing}
        <dt>${msg('Checked', { id: 'dispute.checked' })}</dt><dd>${when(carrier.checked_at)}</dd>
        <dt>${msg('Sale status', { id: 'dispute.sale_status' })}</dt>
        <dd><status-badge status=${sale.status}></status-badge></dd>
      </dl>
      <h3>${msg('The sale’s status history', { id: 'dispute.sale_history' })}</h3>
      <ol data-testid="sale-history">
        ${sale.history.map((step) => html`<li>${statusLabel(step.status)} · ${when(step.at)}</li>`)}
      </ol>
    </section>`;
  }

  private resolution(d: Dispute) {
    const r = d.resolution!;
    const sale = d.evidence.sale;
    return html`<p data-testid="resolution">
      ${
        r.outcome === 'refunded'
          ? msg(str`Refunded ${money(r.amount, sale.currency)} to the shop's wallet.`, {
              id: 'dispute.refunded_amount',
            })
          : r.outcome === 'rejected'
            ? msg('Rejected.', { id: 'dispute.rejected' })
            : msg('Withdrawn by the shop.', { id: 'dispute.withdrawn_by_shop' })
      }
      ${r.note ? html`<span class="muted">${r.note}</span>` : nothing}
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dispute-detail': DisputeDetail;
  }
}
