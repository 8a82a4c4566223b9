import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getLocale, type Locale, useLocale } from '../../shared/locale';
import { StateController } from '../../shared/state-controller';
import { app } from '../app-state';
import { href, parseRoute, type Route } from '../routes';
import './home-screen';
import './lock-screen';
import './login-screen';
import { base } from '../../shared/styles';
import './sync-status';
import '../../shared/update-banner';

/** What an update must not interrupt: a sale being entered or sent. */
const updateActivity = () => ({
  saleInProgress: app.saleInProgress,
  sending: app.snapshot.sending.size,
});

/** Screens past the first one load on demand (issue 4 budget: the first screen stays small). */
const screens: Partial<Record<Route['name'], () => Promise<unknown>>> = {
  sell: () => import('./sell-screen'),
  receipt: () => import('./receipt-screen'),
  sale: () => import('./sale-detail'),
  history: () => import('./history-screen'),
  commission: () => import('./commission-screen'),
  // With the HMAC it needs (core/visit-code.ts): neither is on the first screen.
  'visit-code': () => import('./visit-code-screen'),
  // Stock requests to the distributor (issue 11), with their outbox: off the first screen.
  stock: () => import('./stock-screen'),
};

/** The shell: header with the connection and queue, the current screen, the navigation. */
@customElement('airload-app')
// Below @customElement, so it applies first: <airload-app> is already in the page when
// the element is defined, and must be upgraded with the locale controller.
@localized()
export class AirloadApp extends LitElement {
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
        gap: 0.75rem;
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
      sync-status {
        color: #fff;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 40rem;
        margin: 0 auto;
        padding: 0.75rem;
        outline: none;
      }
      nav {
        position: sticky;
        bottom: 0;
        background: var(--card);
        border-top: 1px solid var(--line);
        display: grid;
        grid-template-columns: repeat(4, 1fr);
      }
      nav a {
        display: flex;
        align-items: center;
        justify-content: center;
        min-height: 56px;
        color: var(--text);
        text-decoration: none;
        font-weight: 600;
        text-align: center;
        padding: 0.25rem;
      }
      nav a[aria-current='page'] {
        color: var(--brand-dark);
        box-shadow: inset 0 -4px 0 var(--brand);
      }
    `,
  ];

  @state() private route: Route = parseRoute(location.hash);
  private readonly state = new StateController(this, app);
  private readonly onHash = () => {
    this.route = parseRoute(location.hash);
  };

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHash);
  }

  override willUpdate(changed: PropertyValues) {
    if (changed.has('route')) void screens[this.route.name]?.();
  }

  override updated(changed: PropertyValues) {
    const previous = changed.get('route');
    if (previous && previous !== this.route) {
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
      scrollTo(0, 0);
    }
  }

  override render() {
    const { phase } = this.state.state;
    if (phase === 'booting') return html`<main><p>${msg('Loading…')}</p></main>`;
    if (phase === 'login') {
      return html`${this.header(false)}<main>${html`<login-screen></login-screen>`}</main>`;
    }
    const locked = phase === 'locked';
    return html`
      <div class="app" ?inert=${locked}>
        ${this.header(true)}
        <update-banner .activity=${updateActivity}></update-banner>
        <main tabindex="-1">${this.screen()}</main>
        ${this.nav()}
      </div>
      ${locked ? html`<lock-screen></lock-screen>` : nothing}
    `;
  }

  private header(loggedIn: boolean) {
    const other: Locale = getLocale() === 'zh-CN' ? 'en' : 'zh-CN';
    return html`<header>
      <span class="brand">Airload</span>
      ${loggedIn ? html`<sync-status></sync-status>` : nothing}
      <button
        lang=${other}
        data-testid="language"
        aria-label=${other === 'en' ? 'English' : '切换到中文'}
        @click=${() => void useLocale(other)}
      >
        ${other === 'en' ? 'English' : '中文'}
      </button>
      ${loggedIn ? html`<button data-testid="lock" @click=${() => app.lock()}>${msg('Lock')}</button>` : nothing}
    </header>`;
  }

  private screen() {
    const route = this.route;
    switch (route.name) {
      case 'home':
        return html`<home-screen></home-screen>`;
      case 'sell':
        return html`<sell-screen .again=${route.again}></sell-screen>`;
      case 'receipt':
        return html`<receipt-screen .ref=${route.ref}></receipt-screen>`;
      case 'sale':
        return html`<sale-detail .ref=${route.ref}></sale-detail>`;
      case 'history':
        return html`<history-screen .day=${route.day}></history-screen>`;
      case 'commission':
        return html`<commission-screen .month=${route.month}></commission-screen>`;
      case 'visit-code':
        return html`<visit-code-screen></visit-code-screen>`;
      case 'stock':
        return html`<stock-screen></stock-screen>`;
    }
  }

  private nav() {
    const current = this.route.name;
    const link = (route: Route, label: string, also: Route['name'][] = []) =>
      html`<a
        href=${href(route)}
        aria-current=${current === route.name || also.includes(current) ? 'page' : 'false'}
        >${label}</a
      >`;
    return html`<nav aria-label=${msg('Screens')}>
      ${link({ name: 'home' }, msg('Home'), ['visit-code', 'stock'])} ${link({ name: 'sell' }, msg('Sell'), ['receipt'])}
      ${link({ name: 'history' }, msg('History'), ['sale'])}
      ${link({ name: 'commission' }, msg('Commission'))}
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'airload-app': AirloadApp;
  }
}
