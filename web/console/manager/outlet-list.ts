import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import './flag-list';
import { router } from '../elements/console-app';
import { problemText } from '../problem';
import { flagLabel } from './flag-labels';
import { when } from './format';
import { exportOutlets, listOutlets } from './manager-api';
import {
  EMPTY_QUERY,
  FLAG_CODES,
  nextSort,
  type OutletQuery,
  parseSort,
  SORT_COLUMNS,
  type SortColumn,
  sameQuery,
  sortParam,
} from './outlet-query';
import { managerHref, managerPath } from './routes';
import { table } from './table-styles';
import type { OutletRow } from './types';

const SEARCH_WAIT_MS = 300;

/**
 * The region's outlets (issue 9 §2 "Outlets"): search, filter by flag or frozen, sort by
 * any column, page with the API's cursor, export the same list as CSV. A table on a
 * laptop, one card per outlet at 360 px (table-styles.ts).
 */
@customElement('outlet-list')
@localized()
export class OutletList extends LitElement {
  static override styles = [
    base,
    table,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: 0 0.75rem;
        align-items: end;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        margin: 0.75rem 0;
        align-items: center;
      }
      .state {
        font-weight: 700;
      }
      .frozen {
        color: var(--danger);
      }
    `,
  ];

  @property({ attribute: false }) query: OutletQuery = EMPTY_QUERY;
  @state() private items: OutletRow[] = [];
  @state() private cursor: string | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private exported = '';
  private loaded: OutletQuery | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older query are dropped. */
  private generation = 0;

  override willUpdate(changed: PropertyValues) {
    if (changed.has('query') && !(this.loaded && sameQuery(this.loaded, this.query))) {
      this.loaded = this.query;
      void this.load(false);
    }
  }

  private async load(more: boolean) {
    const generation = ++this.generation;
    this.loading = true;
    this.error = '';
    try {
      const page = await listOutlets(this.query, more ? (this.cursor ?? undefined) : undefined);
      if (generation !== this.generation) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.cursor = page.next_cursor;
    } catch (error) {
      if (generation === this.generation) this.error = problemText(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  private go(query: OutletQuery) {
    router.go(managerPath({ name: 'outlets', query }));
  }

  private onSearch(event: Event) {
    const q = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.go({ ...this.query, q }), SEARCH_WAIT_MS);
  }

  private onFlag(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    const flag = FLAG_CODES.find((code) => code === value);
    this.go({ ...this.query, flag });
  }

  private onFrozen(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    this.go({ ...this.query, frozen: value === '' ? undefined : value === 'true' });
  }

  private onSortSelect(event: Event) {
    this.go({ ...this.query, sort: parseSort((event.target as HTMLSelectElement).value) });
  }

  private sortBy(column: SortColumn) {
    this.go({ ...this.query, sort: nextSort(this.query.sort, column) });
  }

  private async exportCsv() {
    this.exported = '';
    try {
      this.exported = await exportOutlets(this.query);
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private columnName(column: SortColumn): string {
    switch (column) {
      case 'name':
        return msg('Outlet', { id: 'outlets.name' });
      case 'available':
        return msg('Balance', { id: 'outlets.balance' });
      case 'today_total':
        return msg('Today', { id: 'outlets.today' });
      case 'month_total':
        return msg('This month', { id: 'outlets.month' });
      case 'month_commission':
        return msg('Month commission', { id: 'outlets.month_commission' });
      case 'last_seen_at':
        return msg('Last seen', { id: 'outlets.last_seen' });
      case 'last_visit_at':
        return msg('Last visit', { id: 'outlets.last_visit' });
    }
  }

  override render() {
    const q = this.query;
    return html`
      <h1>${msg('Outlets', { id: 'outlets.title' })}</h1>
      <form role="search" @submit=${(e: Event) => e.preventDefault()}>
        <div>
          <label for="search">${msg('Name or phone', { id: 'outlets.search' })}</label>
          <input id="search" type="search" .value=${q.q} @input=${this.onSearch} autocomplete="off" />
        </div>
        <div>
          <label for="flag">${msg('Flag', { id: 'outlets.flag' })}</label>
          <select id="flag" @change=${this.onFlag}>
            <option value="" ?selected=${!q.flag}>${msg('Any', { id: 'outlets.any' })}</option>
            ${FLAG_CODES.map(
              (code) =>
                html`<option value=${code} ?selected=${q.flag === code}>${flagLabel(code)}</option>`,
            )}
          </select>
        </div>
        <div>
          <label for="frozen">${msg('Frozen', { id: 'outlets.frozen' })}</label>
          <select id="frozen" @change=${this.onFrozen}>
            <option value="" ?selected=${q.frozen === undefined}>${msg('Any', { id: 'outlets.any' })}</option>
            <option value="true" ?selected=${q.frozen === true}>${msg('Frozen only', { id: 'outlets.frozen_only' })}</option>
            <option value="false" ?selected=${q.frozen === false}>${msg('Not frozen', { id: 'outlets.not_frozen' })}</option>
          </select>
        </div>
        <div class="narrow-only">
          <label for="sort">${msg('Sort by', { id: 'outlets.sort' })}</label>
          <select id="sort" @change=${this.onSortSelect}>
            <option value="" ?selected=${!q.sort}>${msg('Outlet id', { id: 'outlets.sort_default' })}</option>
            ${SORT_COLUMNS.flatMap((column) =>
              [false, true].map((descending) => {
                const value = sortParam({ column, descending });
                const arrow = descending ? '↓' : '↑';
                return html`<option value=${value} ?selected=${q.sort && sortParam(q.sort) === value}>
                  ${this.columnName(column)} ${arrow}
                </option>`;
              }),
            )}
          </select>
        </div>
      </form>
      <div class="actions">
        <button class="secondary" data-testid="export-csv" @click=${() => void this.exportCsv()}>
          ${msg('Download CSV', { id: 'outlets.csv' })}
        </button>
        <span class="muted" role="status" data-testid="shown">
          ${msg(str`${this.items.length} shown`, { id: 'outlets.shown' })}
          ${this.exported ? html` · ${msg(str`Saved ${this.exported}`, { id: 'outlets.saved' })}` : nothing}
        </span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.table()}
      ${
        this.cursor
          ? html`<button class="secondary wide" data-testid="more" ?disabled=${this.loading}
              @click=${() => void this.load(true)}>${msg('More', { id: 'outlets.more' })}</button>`
          : nothing
      }
      ${this.loading ? html`<p class="muted">${msg('Loading…')}</p>` : nothing}
      ${
        !this.loading && this.items.length === 0 && !this.error
          ? html`<p class="muted" data-testid="empty">${msg('No outlet matches.', { id: 'outlets.none' })}</p>`
          : nothing
      }
    `;
  }

  private header(column: SortColumn) {
    const sort = this.query.sort;
    const current = sort?.column === column;
    const ariaSort = current ? (sort.descending ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col" aria-sort=${ariaSort}>
      <button class="sort" data-sort=${column} @click=${() => this.sortBy(column)}>
        ${this.columnName(column)}${current ? (sort.descending ? ' ↓' : ' ↑') : ''}
      </button>
    </th>`;
  }

  private table() {
    if (this.items.length === 0) return nothing;
    return html`<table data-testid="outlets">
      <caption class="visually-hidden">${msg('Outlets', { id: 'outlets.title' })}</caption>
      <thead>
        <tr>
          ${this.header('name')} ${this.header('available')} ${this.header('today_total')}
          ${this.header('month_total')} ${this.header('last_seen_at')} ${this.header('last_visit_at')}
          <th scope="col">${msg('State', { id: 'outlets.state' })}</th>
          <th scope="col">${msg('Flags', { id: 'outlets.flags' })}</th>
        </tr>
      </thead>
      <tbody>
        ${this.items.map((outlet) => this.row(outlet))}
      </tbody>
    </table>`;
  }

  private row(o: OutletRow) {
    const m = (amount: number) => money(amount, o.currency);
    const locked = o.locked_until && Date.parse(o.locked_until) > Date.now();
    return html`<tr data-outlet=${o.id}>
      <th scope="row" data-label=${this.columnName('name')}>
        <a href=${managerHref({ name: 'outlet', id: o.id })}>${o.name}</a>
        <div class="muted">${o.phone ?? ''}</div>
      </th>
      <td data-label=${this.columnName('available')}>${m(o.wallet.available)}</td>
      <td data-label=${this.columnName('today_total')}>
        ${m(o.today.total)}
        <div class="muted">${msg(str`${o.today.count} sales`, { id: 'outlets.sales_count' })}</div>
      </td>
      <td data-label=${this.columnName('month_total')}>
        ${o.month ? m(o.month.total) : '—'}
        ${
          o.month
            ? html`<div class="muted">${msg(str`${o.month.count} sales`, { id: 'outlets.sales_count' })} ·
                ${msg(str`commission ${m(o.month.commission)}`, { id: 'outlets.commission_of' })}</div>`
            : nothing
        }
      </td>
      <td data-label=${this.columnName('last_seen_at')}>${when(o.last_seen_at)}</td>
      <td data-label=${this.columnName('last_visit_at')}>${when(o.last_visit_at)}</td>
      <td data-label=${msg('State', { id: 'outlets.state' })} class="state">
        ${o.frozen ? html`<span class="frozen" data-testid="frozen">${msg('Frozen', { id: 'outlets.frozen' })}</span>` : nothing}
        ${locked ? html`<span class="frozen">${msg('PIN locked', { id: 'outlets.locked' })}</span>` : nothing}
        ${!o.frozen && !locked ? html`<span class="muted">${msg('Active', { id: 'outlets.active' })}</span>` : nothing}
      </td>
      <td data-label=${msg('Flags', { id: 'outlets.flags' })}>
        <flag-list .flags=${o.flags ?? []} currency=${o.currency}></flag-list>
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'outlet-list': OutletList;
  }
}
