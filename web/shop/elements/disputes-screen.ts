import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../../shared/api';
import { disputeReasonLabel } from '../../shared/dispute-labels';
import { dateTime, wordsFor } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import type { DisputeRow } from '../disputes';
import { href } from '../routes';
import '../../shared/dispute-badge';

/**
 * The shop's disputes and their status (DESIGN 11, issue 12): the server's as last read,
 * and the ones this phone has not sent yet (queued), or that the server refused. Loaded
 * on demand, so the first screen stays within its budget.
 */
@customElement('disputes-screen')
@localized()
export class DisputesScreen extends LitElement {
  static override styles = [
    base,
    css`
      li {
        border-bottom: 1px solid var(--line-soft);
        padding: 0.625rem 0;
        display: grid;
        gap: 0.25rem;
      }
      .head {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
    `,
  ];

  private readonly state = new StateController(this, app);
  @state() private note = '';
  @state() private busy = false;

  override render() {
    const { disputes, online } = this.state.state;
    return html`<section class="card" aria-labelledby="disputes-title">
      <h1 id="disputes-title">${msg('Disputes', { id: 'detail.disputes' })}</h1>
      <p class="muted">
        ${msg('To dispute a sale, open it from the history.', { id: 'dispute.how' })}
        <a href=${href({ name: 'history' })}>${msg('History')}</a>
      </p>
      <p role="status">${this.note}</p>
      ${
        disputes.length === 0
          ? html`<p class="muted" data-testid="no-disputes">${msg('No disputes.', { id: 'dispute.none' })}</p>`
          : html`<ul class="list" data-testid="disputes">
              ${disputes.map((row) => this.row(row, online))}
            </ul>`
      }
    </section>`;
  }

  private row(row: DisputeRow, online: boolean) {
    const sale = this.state.state.entries.find((e) => e.saleId === row.saleId);
    return html`<li data-dispute=${row.ref} data-status=${row.status}>
      <div class="head">
        <strong>${row.msisdn ?? sale?.msisdn ?? ''}</strong>
        <dispute-badge status=${row.status}></dispute-badge>
      </div>
      <div>${disputeReasonLabel(row.reason)}</div>
      <div class="muted">
        ${msg(str`Opened ${dateTime(row.openedAt)}`, { id: 'dispute.opened' })}
        ${row.dueAt && (row.status === 'open' || row.status === 'investigating') ? html` · ${msg(str`decided by ${dateTime(row.dueAt)}`, { id: 'dispute.due' })}` : nothing}
      </div>
      ${row.note ? html`<div class="muted">${row.note}</div>` : nothing}
      ${row.status === 'queued' && !online ? html`<div class="muted">${msg('It is sent when the connection returns.', { id: 'dispute.waiting' })}</div>` : nothing}
      ${row.error ? html`<div class="error" data-testid="dispute-error">${wordsFor(row.error.code) ?? row.error.message}</div>` : nothing}
      <div class="row">
        ${sale ? html`<a class="button secondary" href=${href({ name: 'sale', ref: sale.ref })}>${msg('Sale')}</a>` : nothing}
        ${
          row.status === 'open' && row.disputeId
            ? html`<button class="secondary" data-testid="withdraw" ?disabled=${this.busy || !online}
                @click=${() => this.withdraw(row.disputeId!)}>${msg('Withdraw', { id: 'dispute.withdraw' })}</button>`
            : nothing
        }
        ${
          row.status === 'refused' && row.key
            ? html`<button class="secondary" @click=${() => app.dismissDispute(row.key!)}>${msg('Dismiss')}</button>`
            : nothing
        }
      </div>
    </li>`;
  }

  private async withdraw(id: string) {
    this.busy = true;
    try {
      await app.withdrawDispute(id);
      this.note = msg('Dispute withdrawn.', { id: 'dispute.withdrawn' });
    } catch (error) {
      this.note =
        error instanceof ApiError
          ? (wordsFor(error.code) ?? error.message)
          : msg('Could not reach Airload. Try again.');
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'disputes-screen': DisputesScreen;
  }
}
