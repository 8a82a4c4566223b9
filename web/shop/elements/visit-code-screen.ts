import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { time } from '../../shared/labels';
import { StateController } from '../../shared/state-controller';
import { base } from '../../shared/styles';
import { app } from '../app-state';
import { countdownLabel, untilNextSecond, visitCodeAt } from '../visit-code-clock';

/**
 * The visit code (DESIGN 10 "Proof of presence", issue 9): six digits from the outlet's
 * secret and this phone's clock, which the shopkeeper reads to the regional manager. The
 * secret comes with the profile, which IndexedDB keeps, so the code shows offline too.
 */
@customElement('visit-code-screen')
@localized()
export class VisitCodeScreen extends LitElement {
  static override styles = [
    base,
    css`
      .code {
        margin: 1rem 0;
        font-size: clamp(2.5rem, 15vw, 4rem);
        font-weight: 800;
        font-variant-numeric: tabular-nums;
        letter-spacing: 0.08em;
        text-align: center;
        color: var(--brand-dark);
      }
      .code span + span {
        margin-left: 0.3em;
      }
      .countdown {
        text-align: center;
        font-size: 1.125rem;
        font-weight: 600;
      }
    `,
  ];

  private readonly state = new StateController(this, app);
  @state() private now = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Redraws on every whole second, so the code changes exactly when its step ends. */
  private readonly tick = () => {
    clearTimeout(this.timer);
    this.now = Date.now();
    this.timer = setTimeout(this.tick, untilNextSecond(this.now));
  };

  // A phone that slept holds back timers: show the right code as soon as it is seen again.
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') this.tick();
  };

  override connectedCallback() {
    super.connectedCallback();
    this.tick();
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  override render() {
    const secret = this.state.state.profile?.visit_secret;
    return html`<section class="card" aria-labelledby="visit-code-title">
      <h1 id="visit-code-title">${msg('Visit code')}</h1>
      ${secret ? this.code(secret) : this.noCode()}
    </section>`;
  }

  private code(secret: string) {
    const { code, secondsLeft } = visitCodeAt(secret, this.now);
    return html`<p>${msg('Read this code to the regional manager when they visit your shop.')}</p>
      <p class="code" data-testid="visit-code" aria-live="polite" aria-atomic="true"><span>${code.slice(0, 3)}</span><span>${code.slice(3)}</span></p>
      <p class="countdown" role="timer" data-testid="visit-code-countdown">
        ${msg(str`New code in ${countdownLabel(secondsLeft)}`)}
      </p>
      <p class="muted">
        ${msg(str`It works without internet, from this phone's clock: ${time(this.now)}. If the manager finds it does not match, check the clock.`)}
      </p>`;
  }

  private noCode() {
    return html`<p data-testid="no-visit-code">
      ${msg('This phone has no visit code yet. Connect to the internet once, then open this screen again.')}
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visit-code-screen': VisitCodeScreen;
  }
}
