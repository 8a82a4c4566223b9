import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { dateTime, money, operatorName, time } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { app } from '../app-state';
import { daysIn, totals } from '../history';
import { queuedTotal } from '../outbox/guards';
import { href } from '../routes';
import '../../shared/status-badge';
import { base } from '../../shared/styles';

/** Home (issue 4): balances, today's sales, commission, and the way to sell. */
@customElement('home-screen')
@localized()
export class HomeScreen extends LitElement {
  static override styles = [
    base,
    css`
      .grid {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.75rem;
        margin-bottom: 0.75rem;
      }
      .grid .card {
        margin: 0;
      }
      .figure {
        font-size: 1.25rem;
        font-weight: 700;
      }
      .sell {
        font-size: 1.25rem;
        min-height: 56px;
        margin: 0.75rem 0;
      }
      .visit {
        margin-bottom: 0.75rem;
      }
    `,
  ];

  private readonly state = new StateController(this, app);

  override render() {
    const { dayOf: localDay, monthOf: localMonth, onDay, inMonth } = daysIn(app.timeZone);
    const { wallet, walletAt, entries, outbox, profile } = this.state.state;
    const currency = wallet?.currency ?? profile?.currency ?? 'KES';
    const now = Date.now();
    const today = totals(entries, onDay(localDay(now)));
    const month = totals(entries, inMonth(localMonth(now)));
    const queued = queuedTotal(outbox);
    const show = (amount: number | undefined) =>
      amount === undefined ? '—' : money(amount, currency);
    return html`
      <section class="card" aria-labelledby="wallet-title">
        <h1 id="wallet-title">${profile?.name ?? msg('Your wallet')}</h1>
        <p class="muted">${msg('Available')}</p>
        <p class="big" data-testid="available">${show(wallet?.available)}</p>
        <dl>
          <dt>${msg('Held')}</dt>
          <dd data-testid="held">${show(wallet?.held)}</dd>
          ${
            queued > 0
              ? html`<dt>${msg('Queued, not sent yet')}</dt>
                  <dd data-testid="queued-total">${money(queued, currency)}</dd>`
              : null
          }
        </dl>
        <p class="muted">
          ${walletAt ? msg(str`Updated ${dateTime(walletAt)}`) : msg('Not updated yet')}
        </p>
      </section>
      <a class="button wide sell" href=${href({ name: 'sell' })}>${msg('Sell airtime')}</a>
      <a class="button secondary wide visit" data-testid="open-visit-code" href=${href({ name: 'visit-code' })}
        >${msg('Visit code')}</a
      >
      <a class="button secondary wide visit" data-testid="open-stock" href=${href({ name: 'stock' })}
        >${msg('Ask for stock')}</a
      >
      <div class="grid">
        <section class="card" aria-labelledby="today-title">
          <h2 id="today-title">${msg('Today')}</h2>
          <p class="figure" data-testid="today-amount">${money(today.amount, currency)}</p>
          <p data-testid="today-count">${msg(str`Sales: ${today.count}`)}</p>
        </section>
        <section class="card" aria-labelledby="commission-title">
          <h2 id="commission-title">${msg('Commission')}</h2>
          <p class="figure" data-testid="today-commission">${money(today.commission, currency)}</p>
          <p>${msg(str`This month: ${money(month.commission, currency)}`)}</p>
        </section>
      </div>
      <section class="card" aria-labelledby="recent-title">
        <h2 id="recent-title">${msg('Recent sales')}</h2>
        ${
          entries.length === 0
            ? html`<p class="muted">${msg('No sales yet.')}</p>`
            : html`<ul class="list">
              ${entries.slice(0, 5).map(
                (e) => html`<li>
                  <a href=${href({ name: 'receipt', ref: e.ref })}>
                    <span>${time(e.createdAt)} · ${e.msisdn} · ${operatorName(e.operator)}</span>
                    <span>${money(e.amount, e.currency)} <status-badge status=${e.status}></status-badge></span>
                  </a>
                </li>`,
              )}
            </ul>`
        }
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'home-screen': HomeScreen;
  }
}
