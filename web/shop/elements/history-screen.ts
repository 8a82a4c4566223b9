import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { dayName, money, operatorName, time } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { app } from '../app-state';
import { daysIn, totals } from '../history';
import { href } from '../routes';
import '../../shared/status-badge';
import { base } from '../../shared/styles';

/** History (issue 4): one day's sales with their status, queued and failed ones included. */
@customElement('history-screen')
@localized()
export class HistoryScreen extends LitElement {
  static override styles = [
    base,
    css`
      .line {
        display: grid;
        gap: 0.125rem;
      }
      .right {
        text-align: right;
        display: grid;
        gap: 0.25rem;
        justify-items: end;
      }
    `,
  ];

  /** YYYY-MM-DD, today when unset. */
  @property() day: string | undefined;
  private readonly state = new StateController(this, app);

  override render() {
    const { dayOf: localDay, onDay } = daysIn(app.timeZone);
    const { entries, profile } = this.state.state;
    const day = this.day ?? localDay(Date.now());
    const list = entries.filter(onDay(day));
    const sum = totals(list, () => true);
    const currency = profile?.currency ?? 'KES';
    return html`<section class="card" aria-labelledby="history-title">
      <h1 id="history-title">${msg('History')}</h1>
      <label for="day">${msg('Day')}</label>
      <input
        id="day"
        type="date"
        .value=${day}
        max=${localDay(Date.now())}
        @change=${(e: Event) => {
          const value = (e.target as HTMLInputElement).value;
          location.hash = href({ name: 'history', day: value || undefined });
        }}
      />
      <p data-testid="day-summary">
        ${dayName(day)} · ${msg(str`Sales: ${sum.count}`)} · ${money(sum.amount, currency)}
      </p>
      ${
        list.length === 0
          ? html`<p class="muted">${msg('No sales on this day.')}</p>`
          : html`<ul class="list" data-testid="history-list">
            ${list.map(
              (e) => html`<li>
                <a href=${href({ name: 'sale', ref: e.ref })}>
                  <span class="line">
                    <span>${e.msisdn}</span>
                    <span class="muted">${time(e.createdAt)} · ${operatorName(e.operator)}</span>
                  </span>
                  <span class="right">
                    <span>${money(e.amount, e.currency)}</span>
                    <status-badge status=${e.status}></status-badge>
                  </span>
                </a>
              </li>`,
            )}
          </ul>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-screen': HistoryScreen;
  }
}
