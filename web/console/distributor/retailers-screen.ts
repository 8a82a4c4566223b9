import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import type { Outlet } from '../../shared/types';
import { flagReason } from '../manager/flag-reasons';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { exportRetailers, myRetailers } from './distributor-api';
import { isLowFloat, lowFloatFirst } from './low-float';

/**
 * The distributor's home (DESIGN 12, issue 11): its retailers with their balances and
 * today's sales, low float first, each with a link to send it stock; a CSV of them.
 */
@customElement('distributor-retailers')
@localized()
export class DistributorRetailers extends LitElement {
  static override styles = [
    base,
    table,
    css`
      .low {
        color: #a1161d;
        font-weight: 700;
      }
      .num {
        text-align: right;
        white-space: nowrap;
      }
      .nowrap {
        white-space: nowrap;
      }
      /* On a phone a cell may wrap between its parts, never inside an amount: a long day's
         total and its count in Chinese were wider than 360 px. */
      @media (max-width: 719px) {
        .num {
          text-align: left;
          white-space: normal;
        }
      }
    `,
  ];

  @state() private retailers: Outlet[] | undefined;
  @state() private error = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.retailers = lowFloatFirst(await myRetailers());
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private readonly export = async () => {
    try {
      await exportRetailers();
    } catch (error) {
      this.error = problemText(error);
    }
  };

  override render() {
    const list = this.retailers;
    const today = list?.reduce((sum, o) => sum + o.today.total, 0) ?? 0;
    const currency = list?.[0]?.currency ?? 'KES';
    return html`<section class="card" aria-labelledby="retailers-title">
      <h1 id="retailers-title">${msg('Your retailers')}</h1>
      <p class="error" role="alert">${this.error}</p>
      ${
        list === undefined
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : html`<p data-testid="today-total">
                ${msg(str`Today's sales of all your retailers: ${money(today, currency)}`)}
              </p>
              <p><button class="secondary" data-testid="export-retailers" @click=${this.export}>
                ${msg('Download CSV')}
              </button></p>
              ${list.length === 0 ? html`<p class="muted">${msg('No retailers yet.')}</p>` : this.table(list)}`
      }
    </section>`;
  }

  private table(list: Outlet[]) {
    return html`<table data-testid="retailers">
      <thead>
        <tr>
          <th scope="col">${msg('Retailer')}</th>
          <th scope="col" class="num">${msg('Available')}</th>
          <th scope="col" class="num">${msg('Today')}</th>
          <th scope="col">${msg('Float')}</th>
          <th scope="col"><span class="visually-hidden">${msg('Send stock')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${list.map((o) => {
          const low = o.flags.find((f) => f.code === 'low_float');
          return html`<tr data-testid="retailer" data-id=${o.id}>
            <th scope="row">${o.name}<br /><span class="muted">${o.phone ?? ''}</span></th>
            <td class="num" data-label=${msg('Available')}>
              <span class="nowrap">${money(o.wallet.available, o.currency)}</span>
            </td>
            <td class="num" data-label=${msg('Today')}>
              <span class="nowrap">${money(o.today.total, o.currency)}</span> ·
              <span class="nowrap">${msg(str`${o.today.count} sales`)}</span>
            </td>
            <td data-label=${msg('Float')}>
              ${
                isLowFloat(o) && low
                  ? html`<span class="low" data-testid="low-float">${msg('Low')}</span><br /><span
                        class="muted"
                        >${flagReason(low, o.currency)}</span
                      >`
                  : msg('OK')
              }
            </td>
            <td data-label="">
              <a class="button secondary" href=${`/console/transfer?retailer=${encodeURIComponent(o.id)}`}
                >${msg('Send stock')}</a
              >
              ${o.frozen ? html`<br /><strong>${msg('frozen')}</strong>` : nothing}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'distributor-retailers': DistributorRetailers;
  }
}
