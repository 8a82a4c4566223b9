import { localized, msg, str } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PlanVersions, Product, Rate } from '../../../core/api/catalog';
import { dateTime, money, operatorName } from '../../shared/labels';
import { base } from '../../shared/styles';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { createPlan, currency, listPlans, listProducts } from './admin-api';
import { adminStyles } from './admin-styles';
import { percent, type RateRow, ratesOf, rowOf } from './plan-rates';

/**
 * Commission plans (issue 11): every version with its history, newest first, the one in
 * force marked; a new version starts from the current one's rates and applies from a
 * time (now by default). Sales already made keep their commission.
 */
@customElement('admin-plans')
@localized()
export class AdminPlans extends LitElement {
  static override styles = [base, table, adminStyles];

  @state() private plans: PlanVersions | undefined;
  @state() private products: Product[] = [];
  @state() private rows: RateRow[] = [];
  @state() private currency = 'KES';
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const [plans, products, cur] = await Promise.all([listPlans(), listProducts(), currency()]);
      this.plans = plans;
      this.products = products.items;
      this.currency = cur;
      const current = plans.items.find((p) => p.version === plans.current) ?? plans.items[0];
      this.rows = (current?.rates ?? []).map((r) => rowOf(r, cur));
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private rateText(rate: Rate) {
    const target =
      rate.product_id !== undefined
        ? (this.products.find((p) => p.id === rate.product_id)?.name ?? rate.product_id)
        : operatorName(rate.operator ?? '');
    const slabs = (rate.slabs ?? []).map((s) => {
      const upTo = money(s.up_to, this.currency);
      return msg(str`${percent(s.bps)} up to ${upTo}`, { id: 'admin.slab' });
    });
    return `${target}: ${[...slabs, percent(rate.bps)].join(' · ')}`;
  }

  private edit(i: number, field: keyof RateRow, value: string) {
    this.rows = this.rows.map((row, j) => (j === i ? { ...row, [field]: value } : row));
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const rates = ratesOf(this.rows, this.currency);
    if (typeof rates === 'number') {
      const row = rates + 1;
      this.error = msg(str`Rate ${row} is not valid.`, { id: 'admin.bad_rate' });
      return;
    }
    const from = String(data.get('effective_from') ?? '');
    const note = String(data.get('note') ?? '').trim();
    this.busy = true;
    try {
      await createPlan({
        rates,
        ...(from ? { effective_from: new Date(from).toISOString() } : {}),
        ...(note ? { note } : {}),
      });
      this.error = '';
      await this.load();
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  }

  private editor() {
    const targets = [
      ...[...new Set(this.products.map((p) => p.operator))].map((o) => ({
        value: `operator:${o}`,
        label: operatorName(o),
      })),
      ...this.products.map((p) => ({ value: `product:${p.id}`, label: p.name })),
    ];
    return html`<section class="card" aria-labelledby="new-plan">
      <h2 id="new-plan">${msg('New version', { id: 'admin.new_version' })}</h2>
      <form @submit=${this.save}>
        ${this.rows.map(
          (row, i) => html`<fieldset>
            <legend>${msg(str`Rate ${i + 1}`, { id: 'admin.rate_n' })}</legend>
            <label for="target-${i}">${msg('Operator or product', { id: 'admin.target' })}</label>
            <select id="target-${i}" @change=${(e: Event) => this.edit(i, 'target', (e.target as HTMLSelectElement).value)}>
              ${targets.map((t) => html`<option value=${t.value} ?selected=${t.value === row.target}>${t.label}</option>`)}
            </select>
            <label for="bps-${i}">${msg('Rate in basis points (100 = 1 %)', { id: 'admin.bps' })}</label>
            <input id="bps-${i}" inputmode="numeric" .value=${row.bps} @input=${(e: Event) => this.edit(i, 'bps', (e.target as HTMLInputElement).value)} />
            <label for="slabs-${i}">${msg('Slabs: up to amount:basis points, comma-separated', { id: 'admin.slabs' })}</label>
            <input id="slabs-${i}" placeholder="1000:400" .value=${row.slabs} @input=${(e: Event) => this.edit(i, 'slabs', (e.target as HTMLInputElement).value)} />
            <button type="button" class="secondary" @click=${() => {
              this.rows = this.rows.filter((_, j) => j !== i);
            }}>${msg('Remove', { id: 'admin.remove' })}</button>
          </fieldset>`,
        )}
        <button type="button" class="secondary" @click=${() => {
          this.rows = [...this.rows, { target: targets[0]?.value ?? '', bps: '0', slabs: '' }];
        }}>${msg('Add a rate', { id: 'admin.add_rate' })}</button>
        <label for="from">${msg('Applies from (empty: now)', { id: 'admin.effective_from' })}</label>
        <input id="from" name="effective_from" type="datetime-local" />
        <label for="note">${msg('Note', { id: 'admin.note' })}</label>
        <input id="note" name="note" maxlength="500" />
        <p class="error" role="alert">${this.error}</p>
        <button type="submit" ?disabled=${this.busy}>${msg('Publish the version', { id: 'admin.publish' })}</button>
      </form>
    </section>`;
  }

  override render() {
    const plans = this.plans;
    return html`<section class="card" aria-labelledby="plans-title">
        <h1 id="plans-title">${msg('Commission plans', { id: 'admin.plans' })}</h1>
        <p class="muted">${msg('A sale keeps the commission of the version in force when it was made.', { id: 'admin.plans_help' })}</p>
        ${
          plans === undefined
            ? html`<p class="muted">${msg('Loading…')}</p>`
            : html`<table data-testid="plans">
                <thead>
                  <tr>
                    <th scope="col">${msg('Version', { id: 'admin.version' })}</th>
                    <th scope="col">${msg('Applies from', { id: 'admin.applies_from' })}</th>
                    <th scope="col">${msg('Rates', { id: 'admin.rates' })}</th>
                  </tr>
                </thead>
                <tbody>
                  ${plans.items.map(
                    (p) => html`<tr>
                      <th scope="row">
                        ${p.version}${p.version === plans.current ? html` <strong>(${msg('in force', { id: 'admin.in_force' })})</strong>` : ''}
                      </th>
                      <td data-label=${msg('Applies from', { id: 'admin.applies_from' })}>
                        ${dateTime(Date.parse(p.effective_from))}${p.note ? html`<br /><span class="muted">${p.note}</span>` : ''}
                      </td>
                      <td data-label=${msg('Rates', { id: 'admin.rates' })}>
                        ${p.rates.map((r) => html`<div>${this.rateText(r)}</div>`)}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      ${this.editor()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-plans': AdminPlans;
  }
}
