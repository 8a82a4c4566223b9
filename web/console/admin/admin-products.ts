import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Product } from '../../../core/api/catalog';
import { parseAmount, toDecimal } from '../../../core/money';
import { money, operatorName } from '../../shared/labels';
import { base } from '../../shared/styles';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import { changeProduct, createProduct, currency, listProducts } from './admin-api';
import { adminStyles } from './admin-styles';

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Products (issue 11): operator, number prefixes, suggested amounts (typed in major
 * units), active; a new one, or one changed in the same form.
 */
@customElement('admin-products')
@localized()
export class AdminProducts extends LitElement {
  static override styles = [base, table, adminStyles];

  @state() private products: Product[] | undefined;
  @state() private editing: Product | undefined;
  @state() private currency = 'KES';
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      [this.products, this.currency] = [(await listProducts()).items, await currency()];
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const amounts = list(text('denominations')).map((a) => parseAmount(a, this.currency));
    if (amounts.some((a) => a === undefined || a <= 0)) {
      this.error = msg('Amounts are numbers like 50 or 100.50.', { id: 'admin.bad_amounts' });
      return;
    }
    const fields = {
      operator: text('operator'),
      name: text('name'),
      prefixes: list(text('prefixes')),
      denominations: amounts.filter((a): a is number => a !== undefined),
      active: data.get('active') === 'on',
    };
    this.busy = true;
    try {
      if (this.editing) await changeProduct(this.editing.id, fields);
      else await createProduct({ id: text('id'), ...fields });
      this.editing = undefined;
      form.reset();
      this.error = '';
      await this.load();
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.busy = false;
    }
  }

  private form() {
    const p = this.editing;
    const major = (a: number) => toDecimal(a, this.currency);
    return html`<section class="card" aria-labelledby="product-form">
      <h2 id="product-form">
        ${p ? msg('Change a product', { id: 'admin.change_product' }) : msg('New product', { id: 'admin.new_product' })}
      </h2>
      <form @submit=${this.save}>
        <label for="p-id">${msg('Product id', { id: 'admin.product_id' })}</label>
        <input id="p-id" name="id" required pattern="[a-z0-9][a-z0-9-]*" .value=${p?.id ?? ''} ?disabled=${p !== undefined} />
        <label for="p-operator">${msg('Operator', { id: 'admin.operator' })}</label>
        <input id="p-operator" name="operator" required pattern="[a-z0-9][a-z0-9-]*" .value=${p?.operator ?? ''} />
        <label for="p-name">${msg('Name', { id: 'admin.name' })}</label>
        <input id="p-name" name="name" required .value=${p?.name ?? ''} />
        <label for="p-prefixes">${msg('Number prefixes (national, comma-separated)', { id: 'admin.prefixes' })}</label>
        <input id="p-prefixes" name="prefixes" required inputmode="numeric" .value=${p?.prefixes.join(', ') ?? ''} />
        <label for="p-amounts">${msg('Suggested amounts (comma-separated)', { id: 'admin.amounts' })}</label>
        <input id="p-amounts" name="denominations" .value=${p?.denominations.map(major).join(', ') ?? ''} />
        <label><input type="checkbox" name="active" ?checked=${p?.active ?? true} style="width:auto;min-height:auto" />
          ${msg('Active: sold and shown to shops', { id: 'admin.active' })}</label>
        <p class="error" role="alert">${this.error}</p>
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${msg('Save', { id: 'admin.save' })}</button>
          ${
            p
              ? html`<button type="button" class="secondary" @click=${() => {
                  this.editing = undefined;
                }}>${msg('Cancel', { id: 'admin.cancel' })}</button>`
              : nothing
          }
        </div>
      </form>
    </section>`;
  }

  override render() {
    const products = this.products;
    return html`<section class="card" aria-labelledby="products-title">
        <h1 id="products-title">${msg('Products', { id: 'admin.products' })}</h1>
        ${
          products === undefined
            ? html`<p class="muted">${msg('Loading…')}</p>`
            : html`<table data-testid="products">
                <thead>
                  <tr>
                    <th scope="col">${msg('Name', { id: 'admin.name' })}</th>
                    <th scope="col">${msg('Operator', { id: 'admin.operator' })}</th>
                    <th scope="col">${msg('Prefixes', { id: 'admin.prefixes_short' })}</th>
                    <th scope="col">${msg('Amounts', { id: 'admin.amounts_short' })}</th>
                    <th scope="col">${msg('Actions', { id: 'admin.actions' })}</th>
                  </tr>
                </thead>
                <tbody>
                  ${products.map(
                    (p) => html`<tr>
                      <th scope="row">
                        ${p.name}${p.active ? '' : html` <strong>(${msg('inactive', { id: 'admin.inactive' })})</strong>`}
                      </th>
                      <td data-label=${msg('Operator', { id: 'admin.operator' })}>${operatorName(p.operator)}</td>
                      <td data-label=${msg('Prefixes', { id: 'admin.prefixes_short' })}>${p.prefixes.join(', ')}</td>
                      <td data-label=${msg('Amounts', { id: 'admin.amounts_short' })}>
                        ${p.denominations.map((d) => money(d, this.currency)).join(', ')}
                      </td>
                      <td>
                        <button type="button" class="secondary" @click=${() => {
                          this.editing = p;
                        }}>${msg('Change', { id: 'admin.change' })}</button>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      ${this.form()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-products': AdminProducts;
  }
}
