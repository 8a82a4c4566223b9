import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { v7 as uuidv7 } from 'uuid';
import type { StockRequest } from '../../../core/api/stock';
import { parseAmount } from '../../../core/money';
import { dateTime, money, wordsFor } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import {
  canAsk,
  type QueuedStockRequest,
  type StockDisplay,
  stockEntries,
} from '../stock/stock-outbox';

/**
 * Ask the distributor for stock (DESIGN 12, issue 11): an amount and a note, queued with
 * its Idempotency-Key before the first send like a sale, and the latest requests with
 * their status as the server last said (pending, approved, rejected with the reason).
 */
@customElement('stock-screen')
@localized()
export class StockScreen extends LitElement {
  static override styles = [
    base,
    css`
      .status {
        font-weight: 700;
      }
      .status.approved {
        color: #0a5c3e;
      }
      .status.rejected,
      .status.failed {
        color: #a1161d;
      }
      ul.requests {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.requests li {
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--line-soft);
      }
    `,
  ];

  private readonly state = new StateController(this, app);
  @state() private amount = '';
  @state() private note = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private server: StockRequest[] = [];
  @state() private items: QueuedStockRequest[] = [];
  @state() private sending: ReadonlySet<string> = new Set();

  private readonly onChange = () => void this.readLocal();

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    void app.stockOutbox().then((o) => o.removeEventListener('change', this.onChange));
  }

  private async load() {
    const outbox = await app.stockOutbox();
    outbox.addEventListener('change', this.onChange);
    await this.readLocal();
    if (!navigator.onLine) return;
    try {
      this.server = (await app.fetchStockRequests()).items;
    } catch {
      // Offline or the server is away: the device's own list stands.
    }
  }

  private async readLocal() {
    const outbox = await app.stockOutbox();
    const user = this.state.state.session?.userId;
    const items = user ? await outbox.list(user) : [];
    this.sending = new Set(outbox.sending);
    this.items = items;
    // A request just accepted: read the server's list again for its current status.
    if (items.some((i) => i.state === 'sent' && !this.server.some((r) => r.id === i.request?.id)))
      void app
        .fetchStockRequests()
        .then((list) => {
          this.server = list.items;
        })
        .catch(() => undefined);
  }

  override render() {
    const entries = stockEntries(this.server, this.items, this.sending);
    const currency = app.currency;
    return html`<section class="card" aria-labelledby="stock-title">
        <h1 id="stock-title">${msg('Ask for stock')}</h1>
        ${
          canAsk(entries)
            ? this.form(currency)
            : html`<p data-testid="stock-waiting">
              ${msg('Your request is waiting for your distributor. You can ask again once it is answered.')}
            </p>`
        }
      </section>
      <section class="card" aria-labelledby="stock-list-title">
        <h2 id="stock-list-title">${msg('Your stock requests')}</h2>
        ${
          entries.length === 0
            ? html`<p class="muted">${msg('No stock requests yet.')}</p>`
            : html`<ul class="requests" data-testid="stock-requests">
                ${entries.slice(0, 10).map(
                  (e) => html`<li>
                    <strong>${money(e.amount, currency)}</strong><br />
                    <span class="status ${e.status}" data-testid="stock-status">${statusText(e.status)}</span>
                    ${e.request ? html`<br /><span class="muted">${dateTime(Date.parse(e.request.created_at))}</span>` : nothing}
                    ${e.request?.reason ? html`<br />${msg(str`Reason: ${e.request.reason}`)}` : nothing}
                    ${e.error ? html`<br /><span class="error">${refusalText(e.error)}</span>` : nothing}
                  </li>`,
                )}
              </ul>`
        }
      </section>`;
  }

  private form(currency: string) {
    return html`<form @submit=${this.submit} novalidate>
      <label for="stock-amount">${msg(str`Amount (${currency})`)}</label>
      <input
        id="stock-amount"
        data-testid="stock-amount"
        inputmode="decimal"
        autocomplete="off"
        .value=${this.amount}
        @input=${(e: Event) => {
          this.amount = (e.target as HTMLInputElement).value;
        }}
      />
      <label for="stock-note">${msg('Note for your distributor (optional)')}</label>
      <input
        id="stock-note"
        data-testid="stock-note"
        maxlength="500"
        .value=${this.note}
        @input=${(e: Event) => {
          this.note = (e.target as HTMLInputElement).value;
        }}
      />
      <p class="error" role="alert">${this.error}</p>
      <button class="wide" data-testid="ask-stock" ?disabled=${this.busy}>${msg('Ask for stock')}</button>
    </form>`;
  }

  private readonly submit = async (event: Event) => {
    event.preventDefault();
    const amount = parseAmount(this.amount, app.currency);
    if (amount === undefined || amount <= 0) {
      this.error = msg('Enter an amount, like 5000.');
      return;
    }
    this.error = '';
    this.busy = true;
    try {
      // The key is made now and stored with the request before it is first sent.
      await app.askStock({ key: uuidv7(), amount, note: this.note.trim() || undefined });
      this.amount = '';
      this.note = '';
      await this.readLocal();
    } finally {
      this.busy = false;
    }
  };
}

/** Why the server refused a queued request, in the shopkeeper's language where it is known. */
function refusalText(error: { code: string; message: string }): string {
  if (error.code === 'stock_request_pending')
    return msg('A request of yours was already waiting for your distributor.');
  if (error.code === 'no_distributor') return msg('Your shop has no distributor yet.');
  return wordsFor(error.code) ?? error.message;
}

function statusText(status: StockDisplay): string {
  switch (status) {
    case 'queued':
      return msg('Queued: sent when the connection returns');
    case 'sending':
      return msg('Sending…');
    case 'failed':
      return msg('Not sent');
    case 'pending':
      return msg('Waiting for your distributor');
    case 'approved':
      return msg('Approved: in your wallet');
    case 'rejected':
      return msg('Rejected');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stock-screen': StockScreen;
  }
}
