import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { StockRequest } from '../../../core/api/stock';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import { when } from '../manager/format';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { approveEach } from './approvals';
import { approveRequest, rejectRequest, stockRequests } from './distributor-api';
import { consoleKeys } from './keys';

/**
 * The distributor's queue of stock requests (DESIGN 12, issue 11): approve one, select
 * many and approve them (one request each, ./approvals.ts), or reject one with a reason
 * that the retailer gets by SMS.
 */
@customElement('stock-request-queue')
@localized()
export class StockRequestQueue extends LitElement {
  static override styles = [
    base,
    table,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .answer {
        font-weight: 700;
      }
      .answer.refused {
        color: #a1161d;
      }
      input[type='checkbox'] {
        width: 1.5rem;
        height: 1.5rem;
      }
    `,
  ];

  @state() private requests: StockRequest[] | undefined;
  @state() private selected = new Set<string>();
  @state() private answers = new Map<string, { ok: boolean; text: string }>();
  @state() private rejecting: string | undefined;
  @state() private reason = '';
  @state() private busy = false;
  @state() private error = '';
  private readonly keys = consoleKeys();

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.requests = (await stockRequests('pending')).items;
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private answer(id: string, ok: boolean, text: string) {
    this.answers = new Map(this.answers).set(id, { ok, text });
  }

  private async approve(ids: string[]) {
    this.busy = true;
    await approveEach(ids, this.keys, approveRequest, (r) =>
      this.answer(r.id, r.ok, r.ok ? msg('Approved: the stock was sent.') : problemText(r.error)),
    );
    this.selected = new Set([...this.selected].filter((id) => !this.answers.get(id)?.ok));
    this.busy = false;
  }

  private async reject(id: string) {
    const reason = this.reason.trim();
    if (!reason) {
      this.error = msg('Give the retailer a reason.');
      return;
    }
    this.busy = true;
    try {
      await rejectRequest(id, reason);
      this.answer(id, true, msg('Rejected: the retailer gets your reason by SMS.'));
      this.rejecting = undefined;
      this.reason = '';
      this.error = '';
    } catch (error) {
      this.answer(id, false, problemText(error));
    }
    this.busy = false;
  }

  private toggle(id: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  override render() {
    const list = this.requests;
    const open = list?.filter((r) => !this.answers.get(r.id)?.ok) ?? [];
    return html`<section class="card" aria-labelledby="queue-title">
      <h1 id="queue-title">${msg('Stock requests')}</h1>
      <p class="error" role="alert">${this.error}</p>
      ${
        list === undefined
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : list.length === 0
            ? html`<p class="muted">${msg('No requests are waiting.')}</p>`
            : html`<p class="actions">
                  <button
                    data-testid="approve-selected"
                    ?disabled=${this.busy || this.selected.size === 0}
                    @click=${() => void this.approve([...this.selected])}
                  >
                    ${msg(str`Approve selected (${this.selected.size})`)}
                  </button>
                  <button
                    class="secondary"
                    ?disabled=${this.busy || open.length === 0}
                    @click=${() => {
                      this.selected = new Set(open.map((r) => r.id));
                    }}
                  >
                    ${msg('Select all')}
                  </button>
                </p>
                ${this.table(list)}`
      }
    </section>`;
  }

  private table(list: StockRequest[]) {
    return html`<table data-testid="requests">
      <thead>
        <tr>
          <th scope="col">${msg('Retailer')}</th>
          <th scope="col">${msg('Amount')}</th>
          <th scope="col">${msg('Asked')}</th>
          <th scope="col">${msg('Answer')}</th>
        </tr>
      </thead>
      <tbody>
        ${list.map((r) => this.row(r))}
      </tbody>
    </table>`;
  }

  private row(r: StockRequest) {
    const answer = this.answers.get(r.id);
    const done = answer?.ok === true;
    const label = msg(str`Select the request of ${r.retailer_name}`);
    return html`<tr data-testid="request" data-id=${r.id}>
      <th scope="row">
        ${
          done
            ? nothing
            : html`<input
                type="checkbox"
                aria-label=${label}
                data-testid="select-request"
                .checked=${this.selected.has(r.id)}
                @change=${(e: Event) => this.toggle(r.id, (e.target as HTMLInputElement).checked)}
              />`
        }
        ${r.retailer_name}
      </th>
      <td data-label=${msg('Amount')}>
        <strong>${money(r.amount, r.currency)}</strong>${r.note ? html`<br />${r.note}` : nothing}
      </td>
      <td data-label=${msg('Asked')}>${when(r.created_at)}</td>
      <td data-label=${msg('Answer')}>
        ${answer ? html`<p class="answer ${answer.ok ? '' : 'refused'}" data-testid="answer">${answer.text}</p>` : nothing}
        ${done ? nothing : this.buttons(r)}
      </td>
    </tr>`;
  }

  private buttons(r: StockRequest) {
    if (this.rejecting === r.id) {
      return html`<label for=${`reason-${r.id}`}>${msg('Reason (the retailer gets it by SMS)')}</label>
        <input
          id=${`reason-${r.id}`}
          data-testid="reject-reason"
          maxlength="500"
          .value=${this.reason}
          @input=${(e: Event) => {
            this.reason = (e.target as HTMLInputElement).value;
          }}
        />
        <p class="actions">
          <button class="danger" data-testid="confirm-reject" ?disabled=${this.busy} @click=${() => void this.reject(r.id)}>
            ${msg('Reject')}
          </button>
          <button class="secondary" @click=${() => {
            this.rejecting = undefined;
          }}>${msg('Cancel')}</button>
        </p>`;
    }
    return html`<p class="actions">
      <button data-testid="approve" ?disabled=${this.busy} @click=${() => void this.approve([r.id])}>
        ${msg('Approve')}
      </button>
      <button class="secondary" data-testid="reject" ?disabled=${this.busy} @click=${() => {
        this.rejecting = r.id;
        this.reason = '';
      }}>${msg('Reject…')}</button>
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stock-request-queue': StockRequestQueue;
  }
}
