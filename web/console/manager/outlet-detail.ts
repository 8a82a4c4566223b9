import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { dayIn } from '../../../core/day';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import { CHART_RANGES, type ChartRange, lastDays } from './chart-data';
import './dispute-list';
import './flag-list';
import { when } from './format';
import { getOutlet, managerSession, outletAudit, outletDaily } from './manager-api';
import './outlet-actions';
import './outlet-sales';
import './outlet-visits';
import { managerHref } from './routes';
import './sales-chart';
import { problemText } from '../problem';
import type { AuditEntry, DailyRow, OutletRow } from './types';

/**
 * One outlet (DESIGN 10, issue 9 §2 "Outlet detail"): wallet and limits, flags, the
 * 30/90-day chart, sales, visits, disputes, the audit trail, and the manager's actions. Loaded
 * on demand with uPlot, so the console's first screen stays small.
 */
@customElement('outlet-detail')
@localized()
export class OutletDetail extends LitElement {
  static override styles = [
    base,
    css`
      .range button[aria-pressed='true'] {
        background: var(--brand-dark);
        color: #fff;
      }
      .range button {
        min-height: 40px;
      }
      .state {
        color: var(--danger);
        font-weight: 700;
      }
      ol {
        padding-left: 1.25rem;
        margin: 0;
      }
      ol li {
        margin-bottom: 0.375rem;
      }
    `,
  ];

  @property() outletId = '';
  @state() private outlet: OutletRow | undefined;
  @state() private days: ChartRange = 30;
  @state() private daily: DailyRow[] = [];
  @state() private audit: AuditEntry[] | undefined;
  @state() private error = '';

  override willUpdate(changed: PropertyValues) {
    if (changed.has('outletId')) void this.load();
  }

  private get range() {
    return lastDays(dayIn(Date.now(), managerSession().timeZone()), this.days);
  }

  private async load() {
    this.error = '';
    try {
      this.outlet = await getOutlet(this.outletId);
    } catch (error) {
      this.error = problemText(error);
      return;
    }
    void this.loadChart();
    outletAudit(this.outletId).then(
      (page) => {
        this.audit = page.items;
      },
      () => {
        this.audit = [];
      },
    );
  }

  private async loadChart() {
    try {
      this.daily = await outletDaily(this.outletId, this.range);
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private setDays(days: ChartRange) {
    this.days = days;
    void this.loadChart();
  }

  override render() {
    const o = this.outlet;
    const back = html`<p><a href=${managerHref({ name: 'outlets', query: { q: '' } })}>
      ← ${msg('All outlets', { id: 'detail.back' })}</a></p>`;
    if (!o) {
      return html`${back}${this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p>${msg('Loading…')}</p>`}`;
    }
    const m = (amount: number) => money(amount, o.currency);
    const locked = o.locked_until && Date.parse(o.locked_until) > Date.now();
    return html`
      ${back}
      <h1 data-testid="outlet-name">${o.name}</h1>
      <p class="muted">${o.phone ?? ''}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section class="card" aria-labelledby="wallet-h">
        <h2 id="wallet-h">${msg('Wallet and limits', { id: 'detail.wallet' })}</h2>
        <dl>
          <dt>${msg('Available', { id: 'detail.available' })}</dt><dd data-testid="available">${m(o.wallet.available)}</dd>
          <dt>${msg('Held', { id: 'detail.held' })}</dt><dd>${m(o.wallet.held)}</dd>
          <dt>${msg('Commission', { id: 'chart.commission' })}</dt><dd>${m(o.commission)}</dd>
          <dt>${msg('Per sale', { id: 'detail.per_sale' })}</dt><dd>${m(o.limits.min_sale)} – ${m(o.limits.max_sale)}</dd>
          <dt>${msg('Daily limit', { id: 'detail.daily_limit' })}</dt><dd>${m(o.limits.daily_limit)}</dd>
          <dt>${msg('Last seen', { id: 'outlets.last_seen' })}</dt><dd>${when(o.last_seen_at)}</dd>
          <dt>${msg('Last visit', { id: 'outlets.last_visit' })}</dt><dd>${when(o.last_visit_at)}</dd>
        </dl>
        <p class="state" data-testid="outlet-state">
          ${o.frozen ? msg('Frozen', { id: 'outlets.frozen' }) : ''}
          ${locked ? msg(str`PIN locked until ${when(o.locked_until)}`, { id: 'detail.locked_until' }) : ''}
        </p>
        <flag-list .flags=${o.flags ?? []} currency=${o.currency}></flag-list>
        <outlet-actions .outlet=${o} @outlet-changed=${(e: CustomEvent<OutletRow>) => {
          this.outlet = e.detail;
          void this.load();
        }}></outlet-actions>
      </section>
      <section class="card" aria-labelledby="chart-h">
        <h2 id="chart-h">${msg('Daily sales', { id: 'detail.daily' })}</h2>
        <div class="row range" role="group" aria-label=${msg('Days shown', { id: 'detail.days_shown' })}>
          ${CHART_RANGES.map(
            (
              days,
            ) => html`<button class="secondary" aria-pressed=${this.days === days ? 'true' : 'false'}
              data-days=${days} @click=${() => this.setDays(days)}>
              ${msg(str`${days} days`, { id: 'detail.n_days' })}</button>`,
          )}
        </div>
        <sales-chart .rows=${this.daily} .range=${this.range} .days=${this.days} currency=${o.currency}></sales-chart>
      </section>
      <section class="card" aria-labelledby="sales-h">
        <h2 id="sales-h">${msg('Sales', { id: 'chart.sales' })}</h2>
        <outlet-sales outletId=${o.id} currency=${o.currency}></outlet-sales>
      </section>
      <section class="card" aria-labelledby="visits-h">
        <h2 id="visits-h">${msg('Visits', { id: 'detail.visits' })}</h2>
        <p><a class="button" data-testid="record-visit" href=${managerHref({ name: 'visit', id: o.id })}>
          ${msg('Record a visit', { id: 'detail.record_visit' })}</a></p>
        <outlet-visits outletId=${o.id}></outlet-visits>
      </section>
      <section class="card" aria-labelledby="disputes-h">
        <h2 id="disputes-h">${msg('Disputes', { id: 'detail.disputes' })}</h2>
        <dispute-list outletId=${o.id}></dispute-list>
      </section>
      <section class="card" aria-labelledby="audit-h">
        <h2 id="audit-h">${msg('Audit trail', { id: 'detail.audit' })}</h2>
        ${this.auditList()}
      </section>
    `;
  }

  private auditList() {
    if (this.audit === undefined) return html`<p class="muted">${msg('Loading…')}</p>`;
    if (this.audit.length === 0)
      return html`<p class="muted" data-testid="audit-none">
        ${msg('Nothing recorded.', { id: 'detail.audit_none' })}
      </p>`;
    return html`<ol data-testid="audit">
      ${this.audit.map(
        (e) => html`<li>
          <strong>${e.action}</strong> · ${when(e.at)} · ${e.actor_role ?? ''} ${e.channel}
          ${reasonOf(e.detail) ? html`<div class="muted">${reasonOf(e.detail)}</div>` : nothing}
        </li>`,
      )}
    </ol>`;
  }
}

/** The reason a freeze or unfreeze carried, when the entry has one. */
function reasonOf(detail: unknown): string | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const reason = (detail as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'outlet-detail': OutletDetail;
  }
}
