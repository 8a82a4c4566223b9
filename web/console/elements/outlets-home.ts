import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { dateTime, money } from '../../shared/labels';
import { base } from '../../shared/styles';
import type { Outlet, OutletPage } from '../../shared/types';
import { problemText } from '../problem';
import { consoleState } from '../state';

/**
 * The home of every console role (issue 9 step 1): the outlets in the caller's scope from
 * GET /api/v1/outlets as a table. The manager's full outlet screens replace it.
 */
@customElement('outlets-home')
@localized()
export class OutletsHome extends LitElement {
  static override styles = [
    base,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        min-width: 20rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem 0.375rem;
        border-bottom: 1px solid var(--line-soft);
        vertical-align: top;
      }
      td.num,
      th.num {
        text-align: right;
        white-space: nowrap;
      }
    `,
  ];

  @state() private outlets: Outlet[] | undefined;
  @state() private error = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const page = await consoleState.get<OutletPage>('/outlets?limit=100');
      this.outlets = page.items;
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  override render() {
    const outlets = this.outlets;
    return html`<section class="card" aria-labelledby="outlets-title">
      <h1 id="outlets-title">${msg('Outlets')}</h1>
      <p class="error" role="alert">${this.error}</p>
      ${
        outlets === undefined
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : outlets.length === 0
            ? html`<p class="muted">${msg('No outlets in your scope.')}</p>`
            : html`<div class="scroll" tabindex="0" role="region" aria-labelledby="outlets-title">
                <table data-testid="outlets">
                  <thead>
                    <tr>
                      <th scope="col">${msg('Outlet')}</th>
                      <th scope="col" class="num">${msg('Available')}</th>
                      <th scope="col" class="num">${msg('Today')}</th>
                      <th scope="col">${msg('Last sale')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${outlets.map(
                      (o) => html`<tr>
                        <td>
                          ${o.name}${o.frozen ? html` <strong>(${msg('frozen')})</strong>` : ''}<br /><span
                            class="muted"
                            >${o.phone ?? ''}</span
                          >
                        </td>
                        <td class="num">${money(o.wallet.available, o.currency)}</td>
                        <td class="num">${money(o.today.total, o.currency)}</td>
                        <td>${o.last_sale_at ? dateTime(Date.parse(o.last_sale_at)) : '—'}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'outlets-home': OutletsHome;
  }
}
