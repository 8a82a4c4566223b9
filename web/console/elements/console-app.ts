import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { getLocale, type Locale, useLocale } from '../../shared/locale';
import { PathRouter } from '../../shared/router';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import '../../shared/update-banner';
import { navFor, screenFor } from '../routes';
import { consoleState } from '../state';
import './console-login';

/** Routes under /console/; the host and the service worker answer each with this page. */
export const router = new PathRouter('/console/');

/** The console's shell (issue 9): header, the role's navigation, the current screen. */
@customElement('console-app')
@localized()
export class ConsoleApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        min-height: 100vh;
        display: flex;
        flex-direction: column;
      }
      header {
        background: var(--brand-dark);
        color: #fff;
        padding: 0.5rem 0.75rem;
        display: flex;
        align-items: center;
        gap: 0.5rem 0.75rem;
        flex-wrap: wrap;
      }
      header .brand {
        font-weight: 800;
        font-size: 1.125rem;
        margin-right: auto;
      }
      header button {
        min-height: 40px;
        padding: 0.25rem 0.75rem;
        background: transparent;
        border-color: #fff;
      }
      nav {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        padding: 0 0.75rem;
        background: var(--card);
        border-bottom: 1px solid var(--line);
      }
      nav a {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        font-weight: 600;
        color: var(--text);
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        color: var(--brand-dark);
        box-shadow: inset 0 -4px 0 var(--brand);
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 72rem;
        margin: 0 auto;
        padding: 0.75rem;
        outline: none;
      }
    `,
  ];

  private readonly state = new StateController(this, consoleState);
  private stopRouter: (() => void) | undefined;
  private readonly onPlace = () => this.requestUpdate();

  override connectedCallback() {
    super.connectedCallback();
    this.stopRouter = router.start();
    router.addEventListener('change', this.onPlace);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopRouter?.();
    router.removeEventListener('change', this.onPlace);
  }

  override render() {
    const { phase, session } = this.state.state;
    if (phase === 'booting') return html`<main><p>${msg('Loading…')}</p></main>`;
    if (phase === 'login' || !session) {
      return html`${this.header()}<main><console-login></console-login></main>`;
    }
    const place = router.place;
    const match = screenFor(place, session.role);
    void match?.screen.load();
    return html`${this.header()}
      <update-banner></update-banner>
      <nav aria-label=${msg('Screens')}>
        ${navFor(session.role).map(
          (s) =>
            html`<a
              href=${router.href(s.path)}
              aria-current=${match?.screen === s ? 'page' : 'false'}
              >${s.nav!()}</a
            >`,
        )}
      </nav>
      <main tabindex="-1">${match ? match.screen.render(match.params, place.params) : nothing}</main>`;
  }

  private header() {
    const { session } = this.state.state;
    const other: Locale = getLocale() === 'zh-CN' ? 'en' : 'zh-CN';
    return html`<header>
      <span class="brand">${msg('Airload console')}</span>
      ${session ? html`<span data-testid="who">${session.name}</span>` : nothing}
      <button
        lang=${other}
        data-testid="language"
        aria-label=${other === 'en' ? 'English' : '切换到中文'}
        @click=${() => void useLocale(other)}
      >
        ${other === 'en' ? 'English' : '中文'}
      </button>
      ${
        session
          ? html`<button data-testid="logout" @click=${() => void consoleState.logout()}>
              ${msg('Log out')}
            </button>`
          : nothing
      }
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'console-app': ConsoleApp;
  }
}
