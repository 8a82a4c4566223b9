import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { dateTime } from '../../shared/labels';
import { base } from '../../shared/styles';
import { table } from '../manager/table-styles';
import { problemText } from '../problem';
import {
  type AuditFilter,
  type ChainCheck,
  type Entry,
  exportAudit,
  listAudit,
  verifyAudit,
} from './admin-api';
import { adminStyles } from './admin-styles';

/**
 * The audit log (DESIGN 7): newest first, by action, actor or subject; its hash chain
 * checked on demand (GET /audit/verify); the filtered log as CSV.
 */
@customElement('admin-audit')
@localized()
export class AdminAudit extends LitElement {
  static override styles = [base, table, adminStyles];

  @state() private entries: Entry[] | undefined;
  @state() private next: string | null = null;
  @state() private filter: AuditFilter = {};
  @state() private check: ChainCheck | undefined;
  @state() private error = '';
  @state() private checking = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load(more = false) {
    try {
      const page = await listAudit(this.filter, more ? (this.next ?? undefined) : undefined);
      this.entries = more ? [...(this.entries ?? []), ...page.items] : page.items;
      this.next = page.next_cursor;
      this.error = '';
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private apply(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    this.filter = {
      action: value('action'),
      actor_id: value('actor_id'),
      subject: value('subject'),
    };
    void this.load();
  }

  private async verify() {
    this.checking = true;
    try {
      this.check = await verifyAudit();
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.checking = false;
    }
  }

  private async download() {
    try {
      await exportAudit(this.filter);
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private checkText(check: ChainCheck) {
    if (check.ok) {
      const n = check.entries;
      return html`<p role="status" data-testid="chain">
        ${msg(str`The chain is intact: ${n} entries checked.`, { id: 'admin.chain_ok' })}
      </p>`;
    }
    const seq = check.first_broken.seq;
    return html`<p role="alert" class="error" data-testid="chain">
      ${msg(str`The chain is broken at entry ${seq}:`, { id: 'admin.chain_broken' })}
      ${check.first_broken.reason}
    </p>`;
  }

  override render() {
    const entries = this.entries;
    const f = this.filter;
    return html`<section class="card" aria-labelledby="audit-title">
      <h1 id="audit-title">${msg('Audit log', { id: 'admin.audit' })}</h1>
      <div class="row">
        <button type="button" @click=${this.verify} ?disabled=${this.checking}>
          ${msg('Check the chain', { id: 'admin.verify' })}
        </button>
        <button type="button" class="secondary" @click=${this.download}>
          ${msg('Export CSV', { id: 'admin.export' })}
        </button>
      </div>
      ${this.check ? this.checkText(this.check) : nothing}
      <form class="row" role="search" @submit=${this.apply}>
        <div class="grow">
          <label for="action">${msg('Action', { id: 'admin.action' })}</label>
          <input id="action" name="action" placeholder="user_onboard" .value=${f.action ?? ''} />
        </div>
        <div class="grow">
          <label for="actor">${msg('Who (user id)', { id: 'admin.actor' })}</label>
          <input id="actor" name="actor_id" .value=${f.actor_id ?? ''} />
        </div>
        <div class="grow">
          <label for="subject">${msg('Subject (id)', { id: 'admin.subject' })}</label>
          <input id="subject" name="subject" .value=${f.subject ?? ''} />
        </div>
        <button type="submit">${msg('Filter', { id: 'admin.filter' })}</button>
      </form>
      <p class="error" role="alert">${this.error}</p>
      ${
        entries === undefined
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : html`<table data-testid="audit">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">${msg('When', { id: 'admin.when' })}</th>
                  <th scope="col">${msg('Who', { id: 'admin.who' })}</th>
                  <th scope="col">${msg('Action', { id: 'admin.action' })}</th>
                  <th scope="col">${msg('Subject', { id: 'admin.subject_short' })}</th>
                </tr>
              </thead>
              <tbody>
                ${entries.map(
                  (e) => html`<tr>
                    <th scope="row">${e.seq}</th>
                    <td data-label=${msg('When', { id: 'admin.when' })}>${dateTime(Date.parse(e.at))}</td>
                    <td data-label=${msg('Who', { id: 'admin.who' })}>
                      ${e.actor_id ?? e.actor_role ?? '—'} <span class="muted">${e.channel}</span>
                    </td>
                    <td data-label=${msg('Action', { id: 'admin.action' })}>${e.action}</td>
                    <td data-label=${msg('Subject', { id: 'admin.subject_short' })}>${e.subject ?? '—'}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            ${
              this.next
                ? html`<button type="button" class="secondary wide" @click=${() => this.load(true)}>
                    ${msg('More', { id: 'admin.more' })}
                  </button>`
                : nothing
            }`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-audit': AdminAudit;
  }
}
