import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DISPUTE_REASONS } from '../../../core/api/enums';
import { addDays, dayIn } from '../../../core/day';
import { disputeReasonLabel, disputeStatusLabel } from '../../shared/dispute-labels';
import '../../shared/status-badge';
import { money, statusLabel } from '../../shared/labels';
import { base } from '../../shared/styles';
import { router } from '../elements/console-app';
import { problemText } from '../problem';
import { when } from './format';
import { exportReconciliation, managerSession, reconciliation } from './manager-api';
import { carrierGap, ledgerVerdict, statusRows } from './reconciliation-rows';
import { managerPath } from './routes';
import { table } from './table-styles';
import type { Reconciliation } from './types';

/**
 * The reconciliation report of a day (DESIGN 10): sales by status, commission, stuck
 * sales, the ledger check and every mismatch with the carrier's record; CSV.
 */
@customElement('reconciliation-report')
@localized()
export class ReconciliationReport extends LitElement {
  static override styles = [base, table];

  @property() day: string | undefined;
  @property() currency = 'KES';
  @state() private report: Reconciliation | undefined;
  @state() private error = '';
  @state() private loading = false;

  private get shownDay(): string {
    return this.day ?? addDays(dayIn(Date.now(), managerSession().timeZone()), -1);
  }

  /** The day last asked for: without `?day=` the property never changes, yet yesterday loads. */
  private asked: string | undefined;

  override willUpdate() {
    if (this.asked !== this.shownDay) void this.load(this.shownDay);
  }

  private async load(day: string) {
    this.asked = day;
    this.loading = true;
    this.error = '';
    try {
      const report = await reconciliation(day);
      if (this.asked === day) this.report = report;
    } catch (error) {
      if (this.asked !== day) return;
      this.report = undefined;
      this.error = problemText(error);
    } finally {
      if (this.asked === day) this.loading = false;
    }
  }

  private pick(event: Event) {
    const day = (event.target as HTMLInputElement).value;
    if (day) router.go(managerPath({ name: 'reconciliation', day }));
  }

  private async csv() {
    try {
      await exportReconciliation(this.shownDay);
    } catch (error) {
      this.error = problemText(error);
    }
  }

  override render() {
    return html`
      <h1>${msg('Reconciliation', { id: 'recon.title' })}</h1>
      <div class="row">
        <div class="grow">
          <label for="day">${msg('Day', { id: 'recon.day' })}</label>
          <input id="day" type="date" .value=${this.shownDay} @change=${this.pick} />
        </div>
        <button class="secondary" data-testid="recon-csv" @click=${() => void this.csv()}>
          ${msg('Download CSV', { id: 'outlets.csv' })}
        </button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.loading ? html`<p class="muted">${msg('Loading…')}</p>` : nothing}
      ${this.report ? this.body(this.report) : nothing}
    `;
  }

  private body(r: Reconciliation) {
    const m = (amount: number) => money(amount, this.currency);
    const { rows, sum } = statusRows(r);
    const verdict = ledgerVerdict(r.ledger_check);
    const gap = carrierGap(r);
    return html`
      <section class="card" aria-labelledby="by-status-h">
        <h2 id="by-status-h">${msg('Sales by status', { id: 'recon.by_status' })}</h2>
        <table data-testid="by-status">
          <thead><tr>
            <th scope="col">${msg('Status', { id: 'sales.status' })}</th>
            <th scope="col">${msg('Count', { id: 'recon.count' })}</th>
            <th scope="col">${msg('Total', { id: 'recon.total' })}</th>
          </tr></thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr data-status=${row.status}>
                <th scope="row" data-label=${msg('Status', { id: 'sales.status' })}>${statusLabel(row.status)}</th>
                <td data-label=${msg('Count', { id: 'recon.count' })}>${row.count}</td>
                <td data-label=${msg('Total', { id: 'recon.total' })}>${m(row.total)}</td>
              </tr>`,
            )}
            <tr>
              <th scope="row" data-label="">${msg('All', { id: 'recon.all' })}</th>
              <td data-label=${msg('Count', { id: 'recon.count' })}>${sum.count}</td>
              <td data-label=${msg('Total', { id: 'recon.total' })}>${m(sum.total)}</td>
            </tr>
          </tbody>
        </table>
        <p>${msg(str`Commission: ${m(r.commission_total)}`, { id: 'recon.commission' })}</p>
      </section>
      <section class="card" aria-labelledby="ledger-h">
        <h2 id="ledger-h">${msg('Ledger check', { id: 'recon.ledger' })}</h2>
        <p data-testid="ledger-check" class=${verdict.ok ? '' : 'error'}>
          ${verdict.ok ? msg('The ledger balances.', { id: 'recon.ledger_ok' }) : msg('The ledger does not balance:', { id: 'recon.ledger_bad' })}
        </p>
        ${verdict.violations.length ? html`<ul>${verdict.violations.map((v) => html`<li>${v}</li>`)}</ul>` : nothing}
      </section>
      <section class="card" aria-labelledby="carrier-h">
        <h2 id="carrier-h">${msg('Against the carrier', { id: 'recon.carrier' })}</h2>
        <dl>
          <dt>${msg('Ledger total', { id: 'recon.ledger_total' })}</dt><dd>${m(r.carrier.ledger_total)}</dd>
          <dt>${msg('Carrier credited', { id: 'recon.credited' })}</dt><dd>${m(r.carrier.credited_total)}</dd>
          <dt>${msg('Difference', { id: 'recon.gap' })}</dt><dd class=${gap === 0 ? '' : 'error'}>${m(gap)}</dd>
        </dl>
        ${
          r.carrier.mismatches.length === 0
            ? html`<p data-testid="mismatches">${msg('No mismatch.', { id: 'recon.no_mismatch' })}</p>`
            : html`<table data-testid="mismatches">
                <thead><tr>
                  <th scope="col">${msg('Sale', { id: 'recon.sale' })}</th>
                  <th scope="col">${msg('Ledger', { id: 'recon.ledger_status' })}</th>
                  <th scope="col">${msg('Carrier', { id: 'recon.carrier_status' })}</th>
                </tr></thead>
                <tbody>
                  ${r.carrier.mismatches.map(
                    (x) => html`<tr>
                      <th scope="row" data-label=${msg('Sale', { id: 'recon.sale' })}>${x.sale_id}</th>
                      <td data-label=${msg('Ledger', { id: 'recon.ledger_status' })}>${x.ledger_status}</td>
                      <td data-label=${msg('Carrier', { id: 'recon.carrier_status' })}>${x.carrier_status}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      ${this.disputes(r)}
      <section class="card" aria-labelledby="stuck-h">
        <h2 id="stuck-h">${msg('Stuck sales', { id: 'flag.stuck_sales' })}</h2>
        ${
          r.stuck.length === 0
            ? html`<p>${msg('None.', { id: 'recon.none' })}</p>`
            : html`<ul class="list" data-testid="stuck">
                ${r.stuck.map(
                  (s) => html`<li>${s.id} · ${s.msisdn} · ${m(s.amount)} · ${when(s.created_at)}
                    <status-badge status=${s.status}></status-badge></li>`,
                )}
              </ul>`
        }
      </section>
    `;
  }

  /** The day's disputes (issue 12): opened by reason, resolved by outcome, paid from dispute_losses. */
  private disputes(r: Reconciliation) {
    const d = r.disputes;
    const losses = d.refunded_from_dispute_losses;
    return html`<section class="card" aria-labelledby="disputes-h">
      <h2 id="disputes-h">${msg('Disputes', { id: 'detail.disputes' })}</h2>
      <dl data-testid="recon-disputes">
        <dt>${msg('Opened', { id: 'disputes.opened' })}</dt><dd>${d.opened}</dd>
        <dt>${msg('Paid from dispute losses', { id: 'recon.dispute_losses' })}</dt>
        <dd>${msg(str`${losses.count}: ${money(losses.total, this.currency)}`, { id: 'recon.dispute_losses_total' })}</dd>
      </dl>
      <h3>${msg('Opened, by reason', { id: 'recon.disputes_by_reason' })}</h3>
      <dl>
        ${DISPUTE_REASONS.map((reason) => html`<dt>${disputeReasonLabel(reason)}</dt><dd>${d.by_reason[reason]}</dd>`)}
      </dl>
      <h3>${msg('Resolved, by outcome', { id: 'recon.disputes_resolved' })}</h3>
      <dl>
        ${(['refunded', 'rejected', 'withdrawn'] as const).map(
          (outcome) => html`<dt>${disputeStatusLabel(outcome)}</dt><dd>${d.resolved[outcome]}</dd>`,
        )}
      </dl>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reconciliation-report': ReconciliationReport;
  }
}
