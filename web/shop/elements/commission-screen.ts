import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { dayName, money, time } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import { daysIn, totals } from '../history';
import { href } from '../routes';

/** Commission (issue 4): today, the month, by day, and each succeeded sale's share. */
@customElement('commission-screen')
@localized()
export class CommissionScreen extends LitElement {
  static override styles = [
    base,
    css`
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem 0.25rem;
        border-bottom: 1px solid var(--line-soft);
      }
      td.num,
      th.num {
        text-align: right;
      }
    `,
  ];

  /** YYYY-MM, this month when unset. */
  @property() month: string | undefined;
  private readonly state = new StateController(this, app);

  override render() {
    const {
      dayOf: localDay,
      monthOf: localMonth,
      onDay,
      inMonth,
      commissionByDay,
    } = daysIn(app.timeZone);
    const { entries, wallet, profile } = this.state.state;
    const currency = profile?.currency ?? 'KES';
    const now = Date.now();
    const month = this.month ?? localMonth(now);
    const days = commissionByDay(entries, month);
    const monthTotals = totals(entries, inMonth(month));
    const today = totals(entries, onDay(localDay(now)));
    const earned = entries.filter((e) => inMonth(month)(e) && e.status === 'succeeded');
    return html`<section class="card" aria-labelledby="commission-title">
        <h1 id="commission-title">${msg('Commission')}</h1>
        <dl>
          <dt>${msg('Today')}</dt>
          <dd data-testid="commission-today">${money(today.commission, currency)}</dd>
          <dt>${msg('This month')}</dt>
          <dd data-testid="commission-month">${money(monthTotals.commission, currency)}</dd>
          <dt>${msg('Commission balance')}</dt>
          <dd>${wallet ? money(wallet.commission, currency) : '—'}</dd>
        </dl>
        <label for="month">${msg('Month')}</label>
        <input
          id="month"
          type="month"
          .value=${month}
          max=${localMonth(now)}
          @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            location.hash = href({ name: 'commission', month: value || undefined });
          }}
        />
      </section>
      <section class="card" aria-labelledby="by-day-title">
        <h2 id="by-day-title">${msg('By day')}</h2>
        ${
          days.length === 0
            ? html`<p class="muted">${msg('No sales this month.')}</p>`
            : html`<table>
              <thead>
                <tr>
                  <th scope="col">${msg('Day')}</th>
                  <th scope="col" class="num">${msg('Sales')}</th>
                  <th scope="col" class="num">${msg('Commission')}</th>
                </tr>
              </thead>
              <tbody>
                ${days.map(
                  (d) => html`<tr>
                    <td><a href=${href({ name: 'history', day: d.day })}>${dayName(d.day)}</a></td>
                    <td class="num">${d.count}</td>
                    <td class="num">${money(d.commission, currency)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
        }
      </section>
      <section class="card" aria-labelledby="by-sale-title">
        <h2 id="by-sale-title">${msg('By sale')}</h2>
        ${
          earned.length === 0
            ? html`<p class="muted">${msg('No commission yet this month.')}</p>`
            : html`<table>
              <thead>
                <tr>
                  <th scope="col">${msg('Sale')}</th>
                  <th scope="col" class="num">${msg('Amount')}</th>
                  <th scope="col" class="num">${msg('Commission')}</th>
                </tr>
              </thead>
              <tbody>
                ${earned.slice(0, 200).map(
                  (e) => html`<tr>
                    <td>
                      <a href=${href({ name: 'sale', ref: e.ref })}>${e.msisdn}</a><br /><span class="muted"
                        >${dayName(localDay(e.createdAt))} ${time(e.createdAt)}</span
                      >
                    </td>
                    <td class="num">${money(e.amount, e.currency)}</td>
                    <td class="num">${money(e.commission, e.currency)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
        }
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'commission-screen': CommissionScreen;
  }
}
