import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { StatementLine } from '../../../core/api/wallet';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import type { Wallet } from '../../shared/types';
import { when } from '../manager/format';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { exportTransfers, myStatement, myWallet } from './distributor-api';

/**
 * The distributor's own wallet and statement (issue 11): GET /wallet and
 * /wallet/statement, newest first, and the CSV of its stock transfers.
 */
@customElement('distributor-wallet')
@localized()
export class DistributorWallet extends LitElement {
  static override styles = [base, table];

  @state() private wallet: Wallet | undefined;
  @state() private lines: StatementLine[] = [];
  @state() private cursor: number | null = null;
  @state() private error = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load(more = false) {
    try {
      if (!more) this.wallet = await myWallet();
      const page = await myStatement(more ? (this.cursor ?? undefined) : undefined);
      this.lines = more ? [...this.lines, ...page.items] : page.items;
      this.cursor = page.next_cursor;
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private readonly export = async () => {
    try {
      await exportTransfers();
    } catch (error) {
      this.error = problemText(error);
    }
  };

  override render() {
    const w = this.wallet;
    return html`<section class="card" aria-labelledby="wallet-title">
        <h1 id="wallet-title">${msg('Your wallet')}</h1>
        <p class="error" role="alert">${this.error}</p>
        ${
          w
            ? html`<p class="muted">${msg('Available')}</p>
                <p class="big" data-testid="wallet-available">${money(w.available, w.currency)}</p>`
            : html`<p class="muted">${msg('Loading…')}</p>`
        }
        <p><button class="secondary" data-testid="export-transfers" @click=${this.export}>
          ${msg('Download stock transfers (CSV)')}
        </button></p>
      </section>
      <section class="card" aria-labelledby="statement-title">
        <h2 id="statement-title">${msg('Statement')}</h2>
        ${this.lines.length === 0 ? html`<p class="muted">${msg('No transfers yet.')}</p>` : this.table(w?.currency ?? 'KES')}
        ${this.cursor ? html`<button class="secondary" @click=${() => void this.load(true)}>${msg('More')}</button>` : ''}
      </section>`;
  }

  private table(currency: string) {
    return html`<table data-testid="statement">
      <thead>
        <tr>
          <th scope="col">${msg('When')}</th>
          <th scope="col">${msg('What')}</th>
          <th scope="col">${msg('Change')}</th>
        </tr>
      </thead>
      <tbody>
        ${this.lines.map(
          (l) => html`<tr>
            <th scope="row">${when(l.created_at)}</th>
            <td data-label=${msg('What')}>${kindLabel(l.kind)}</td>
            <td data-label=${msg('Change')}>${money(l.available_change, currency)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

function kindLabel(kind: string): string {
  switch (kind) {
    case 'funding':
      return msg('Funding');
    case 'stock':
      return msg('Stock sent');
    default:
      return kind;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'distributor-wallet': DistributorWallet;
  }
}
