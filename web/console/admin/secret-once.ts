import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../../shared/styles';
import { adminStyles } from './admin-styles';

/**
 * A first PIN or password, or a reset PIN, shown once (DESIGN 12): large, to read out or
 * copy, until the admin says it has been passed on. Nothing keeps it after that.
 */
@customElement('secret-once')
@localized()
export class SecretOnce extends LitElement {
  static override styles = [
    base,
    adminStyles,
    css`
      .secret {
        font-family: ui-monospace, monospace;
        user-select: all;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** Whose secret, in words: "Mama Njeri Shop (+254711222333)". */
  @property() who = '';
  @property() secret = '';

  private done() {
    this.dispatchEvent(new CustomEvent('dismiss', { bubbles: true, composed: true }));
  }

  override render() {
    return html`<div class="warning" role="status" aria-live="polite">
      <p>
        ${msg('The new PIN or password of', { id: 'admin.secret_of' })} <strong>${this.who}</strong>.
        ${msg('It is shown only this once: give it to them now.', { id: 'admin.secret_once' })}
      </p>
      <p class="big secret" data-testid="secret">${this.secret}</p>
      <button type="button" class="secondary" @click=${this.done}>
        ${msg('Done: it has been passed on', { id: 'admin.secret_done' })}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'secret-once': SecretOnce;
  }
}
