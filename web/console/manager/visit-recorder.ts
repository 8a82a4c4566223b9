import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { base } from '../../shared/styles';
import { problemText } from '../problem';
import { metres } from './format';
import { getOutlet } from './manager-api';
import { managerHref } from './routes';
import { type QueuedVisit, visitQueue } from './visit-queue';
import {
  CHECKLIST_ITEMS,
  type ChecklistItem,
  emptyChecklist,
  type Fix,
  fixQuality,
  toFix,
  type VisitProblem,
  visitBody,
} from './visit-rules';

/**
 * Record a visit where the manager stands (DESIGN 10 "Visits"): the phone's position
 * with its accuracy, the fixed checklist, a note, a photo shrunk on the phone, and the
 * shop's visit code. It goes into the visit queue at once and is sent when it can.
 */
@customElement('visit-recorder')
@localized()
export class VisitRecorder extends LitElement {
  static override styles = [
    base,
    css`
      fieldset {
        border: 1px solid var(--line);
        border-radius: 8px;
        margin: 0.75rem 0;
        padding: 0.5rem 0.75rem;
      }
      legend {
        font-weight: 600;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 48px;
        font-weight: 400;
        margin: 0;
      }
      .check input {
        width: 1.5rem;
        min-height: 1.5rem;
        flex: none;
      }
      textarea {
        font: inherit;
        width: 100%;
        min-height: 5rem;
        padding: 0.5rem;
        border: 1px solid var(--line);
        border-radius: 8px;
      }
      img {
        max-width: 100%;
        max-height: 12rem;
        border-radius: 8px;
      }
    `,
  ];

  @property() outletId = '';
  @state() private name = '';
  @state() private fix: Fix | undefined;
  @state() private locating = false;
  @state() private locateError = '';
  @state() private checklist = emptyChecklist();
  @state() private photo: string | undefined;
  @state() private photoBusy = false;
  @state() private problems: VisitProblem[] = [];
  @state() private saved: QueuedVisit | undefined;
  @state() private error = '';
  private readonly changed = () => void this.refreshSaved();

  override connectedCallback() {
    super.connectedCallback();
    visitQueue.addEventListener('change', this.changed);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    visitQueue.removeEventListener('change', this.changed);
  }

  override willUpdate(changed: PropertyValues) {
    if (changed.has('outletId')) {
      this.saved = undefined;
      // Offline the name may not come: the form works without it.
      getOutlet(this.outletId).then(
        (o) => {
          this.name = o.name;
        },
        () => undefined,
      );
      this.locate();
    }
  }

  private async refreshSaved() {
    if (!this.saved) return;
    const key = this.saved.key;
    this.saved = (await visitQueue.list(this.outletId)).find((v) => v.key === key) ?? this.saved;
  }

  private locate() {
    if (!('geolocation' in navigator)) {
      this.locateError = msg('This phone cannot give its position.', {
        id: 'visit.no_geolocation',
      });
      return;
    }
    this.locating = true;
    this.locateError = '';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.fix = toFix(position);
        this.locating = false;
      },
      (error) => {
        this.locating = false;
        this.locateError =
          error.code === error.PERMISSION_DENIED
            ? msg('Allow the position for this site to record a visit.', { id: 'visit.denied' })
            : msg('No position yet. Go outside or wait, then try again.', { id: 'visit.no_fix' });
      },
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 0 },
    );
  }

  private async onPhoto(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) {
      this.photo = undefined;
      return;
    }
    this.photoBusy = true;
    try {
      // Only loaded when a photo is taken: the library is not on the first screen.
      const { default: compress } = await import('browser-image-compression');
      const small = await compress(file, {
        maxSizeMB: 0.2,
        maxWidthOrHeight: 1280,
        fileType: 'image/jpeg',
        useWebWorker: false,
      });
      this.photo = await compress.getDataUrlFromFile(small);
    } catch (error) {
      this.error = problemText(error);
    } finally {
      this.photoBusy = false;
    }
  }

  private toggle(item: ChecklistItem, event: Event) {
    this.checklist = { ...this.checklist, [item]: (event.target as HTMLInputElement).checked };
  }

  private async save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const draft = {
      fix: this.fix,
      checklist: this.checklist,
      note: String(form.get('note') ?? ''),
      photo: this.photo,
      shopCode: String(form.get('code') ?? ''),
    };
    const answer = visitBody(draft, Date.now());
    if (!answer.ok) {
      this.problems = answer.problems;
      return;
    }
    this.problems = [];
    try {
      this.saved = await visitQueue.enqueue(this.outletId, answer.body);
      void visitQueue.flush();
    } catch (error) {
      this.error = problemText(error);
    }
  }

  private itemLabel(item: ChecklistItem): string {
    switch (item) {
      case 'branding_visible':
        return msg('Branding visible', { id: 'check.branding_visible' });
      case 'price_list_shown':
        return msg('Price list shown', { id: 'check.price_list_shown' });
      case 'float_sufficient':
        return msg('Float sufficient', { id: 'check.float_sufficient' });
      case 'records_kept':
        return msg('Records kept', { id: 'check.records_kept' });
      case 'pin_private':
        return msg('PIN kept private', { id: 'check.pin_private' });
      case 'no_complaints':
        return msg('No customer complaints', { id: 'check.no_complaints' });
    }
  }

  private problemText(problem: VisitProblem): string {
    switch (problem) {
      case 'no_position':
        return msg('The position is missing.', { id: 'visit.p_no_position' });
      case 'stale_position':
        return msg('The position is old: get it again.', { id: 'visit.p_stale' });
      case 'bad_code':
        return msg('The shop code has six digits.', { id: 'visit.p_code' });
      case 'note_too_long':
        return msg('The note is too long.', { id: 'visit.p_note' });
      case 'photo_too_big':
        return msg('The photo is too big.', { id: 'visit.p_photo' });
    }
  }

  private fixText(fix: Fix): string {
    const accuracy = metres(fix.accuracy_m);
    switch (fixQuality(fix)) {
      case 'sets_location':
        return msg(str`Accurate to ${accuracy}: good enough to set the outlet's location.`, {
          id: 'visit.fix_best',
        });
      case 'good':
        return msg(str`Accurate to ${accuracy}.`, { id: 'visit.fix_good' });
      case 'poor':
        return msg(
          str`Only accurate to ${accuracy}: the visit will be flagged. Try again outside.`,
          {
            id: 'visit.fix_poor',
          },
        );
    }
  }

  override render() {
    if (this.saved) return this.savedView(this.saved);
    return html`
      <p><a href=${managerHref({ name: 'outlet', id: this.outletId })}>← ${this.name || msg('Outlet', { id: 'outlets.name' })}</a></p>
      <h1>${msg('Record a visit', { id: 'detail.record_visit' })}</h1>
      <form @submit=${this.save} novalidate>
        <section class="card" aria-labelledby="where-h">
          <h2 id="where-h">${msg('Where you stand', { id: 'visit.where' })}</h2>
          <p data-testid="fix" role="status">
            ${this.locating ? msg('Finding your position…', { id: 'visit.locating' }) : this.fix ? this.fixText(this.fix) : ''}
          </p>
          ${this.locateError ? html`<p class="error" role="alert">${this.locateError}</p>` : nothing}
          <button type="button" class="secondary" @click=${() => this.locate()} ?disabled=${this.locating}>
            ${msg('Get my position again', { id: 'visit.relocate' })}
          </button>
        </section>
        <fieldset>
          <legend>${msg('Checklist', { id: 'visit.checklist' })}</legend>
          ${CHECKLIST_ITEMS.map(
            (item) => html`<label class="check">
              <input type="checkbox" name=${item} .checked=${this.checklist[item]} @change=${(e: Event) => this.toggle(item, e)} />
              ${this.itemLabel(item)}
            </label>`,
          )}
        </fieldset>
        <label for="code">${msg("Shop's visit code", { id: 'visit.code' })}</label>
        <input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="7"
          aria-describedby="code-help" aria-invalid=${this.problems.includes('bad_code') ? 'true' : 'false'} />
        <p id="code-help" class="muted">${msg('The six digits on the shop’s phone, under “Visit code”.', { id: 'visit.code_help' })}</p>
        <label for="note">${msg('Note', { id: 'visit.note' })}</label>
        <textarea id="note" name="note" maxlength="1000"></textarea>
        <label for="photo">${msg('Photo (optional)', { id: 'visit.photo' })}</label>
        <input id="photo" type="file" accept="image/*" capture="environment" @change=${this.onPhoto} />
        ${this.photoBusy ? html`<p class="muted">${msg('Shrinking the photo…', { id: 'visit.shrinking' })}</p>` : nothing}
        ${this.photo ? html`<img src=${this.photo} alt=${msg('The photo to send', { id: 'visit.photo_alt' })} />` : nothing}
        ${
          this.problems.length > 0
            ? html`<div role="alert" data-testid="problems">
                <ul class="error">
                  ${this.problems.map((p) => html`<li>${this.problemText(p)}</li>`)}
                </ul>
              </div>`
            : nothing
        }
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <p><button type="submit" class="wide" data-testid="save-visit" ?disabled=${this.photoBusy}>
          ${msg('Save the visit', { id: 'visit.save' })}</button></p>
      </form>
    `;
  }

  private savedView(v: QueuedVisit) {
    const words =
      v.state === 'queued'
        ? msg('Saved on this phone. It will be sent when the connection returns.', {
            id: 'visit.queued',
          })
        : v.state === 'sent'
          ? v.result?.shop_confirmed
            ? msg('Sent. The shop’s code matched.', { id: 'visit.sent_confirmed' })
            : msg('Sent. The shop’s code was not confirmed.', { id: 'visit.sent_unconfirmed' })
          : msg(str`Refused: ${v.lastError ? problemText(v.lastError) : ''}`, {
              id: 'visit.failed',
            });
    return html`
      <h1>${msg('Visit saved', { id: 'visit.saved' })}</h1>
      <p class="card" role="status" data-testid="visit-state" data-state=${v.state}>${words}</p>
      <p><a class="button" href=${managerHref({ name: 'outlet', id: this.outletId })}>
        ${msg('Back to the outlet', { id: 'visit.back' })}</a></p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visit-recorder': VisitRecorder;
  }
}
