import { adoptStyles, html, nothing, type ReactiveController } from 'lit';
import type { SessionConsumer } from '../context.js';
import { sameOriginUrl, withReturnTo } from '../core/safe-url.js';
import type { SessionEventDetails, SessionWarning } from '../core/types.js';
import type { Localize } from '../i18n/index.js';
import './login-form.js'; // the template renders it (define.ts registers it)
import type { LoginForm } from './login-form.js';
import { keyOf, type SessionExpiryWarning, type WarningTrack } from './session-expiry-warning.js';
import { warningStyles } from './session-expiry-warning.styles.js';

type View = 'closed' | 'warning' | 'ended';

/** Seconds left at which the countdown is read out (politely); the visible text changes every second. */
const ANNOUNCE_AT = [60, 30, 10];

const secondsLeft = (w: SessionWarning) => Math.max(0, Math.ceil((w.endsAt - Date.now()) / 1000));

const seconds = (lang: string, n: number) => n.toLocaleString(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' });

/**
 * What `<session-expiry-warning>` shows and does (a sibling chunk; the element in the main file
 * follows the session and creates this when it connects): the dialog, its countdown and focus.
 */
export class WarningView implements ReactiveController {
  #view: View = 'closed';
  #shown: View = 'closed';
  #timer?: ReturnType<typeof setInterval>;
  #announced = Infinity;
  #announcement = '';
  #pageForm = false; // the page shows a sign-in form of its own: the "ended" notice adds none

  constructor(
    private readonly host: SessionExpiryWarning,
    private readonly session: SessionConsumer,
    private readonly l: Localize<SessionExpiryWarning>,
    private readonly t: WarningTrack,
  ) {
    const { constructor: c, renderRoot } = host;
    adoptStyles(renderRoot as ShadowRoot, [...(c as typeof SessionExpiryWarning).elementStyles, warningStyles]);
    host.addController(this);
  }

  get open() {
    return this.#view !== 'closed';
  }

  hostDisconnected() {
    this.#stop();
  }

  #stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Another tab signed out (or the server ended the session) while the warning showed: say so instead of vanishing. */
  onLogout(e: CustomEvent<SessionEventDetails['session-logout']>) {
    const revoked = e.detail.reason === 'revoked';
    if (!(revoked || (e.detail.remote && e.detail.reason === 'logout')) || this.#shown !== 'warning') return;
    this.t.ended = revoked ? 'revoked' : 'remote';
    this.#announcement = revoked ? this.l.s.revokedMessage : this.l.s.remoteLogoutMessage;
    this.host.requestUpdate();
  }

  hostUpdate() {
    const { t } = this;
    const s = this.session.state;
    const w = s?.status === 'authenticated' ? s.warning : null;
    const key = keyOf(w);
    this.#view = t.ended ? 'ended' : w && ![t.deciding, t.prevented, t.dismissed].includes(key) ? 'warning' : 'closed';
    if (this.#view === 'warning' && w) this.#count(secondsLeft(w));
  }

  /** Politely reads the time left when it crosses 60, 30 and 10 seconds; opening already announced it. */
  #count(left: number) {
    if (this.#shown !== 'warning') this.#announced = left;
    if (ANNOUNCE_AT.some((t) => left <= t && this.#announced > t)) {
      this.#announced = left;
      this.#announcement = `${this.l.s.countdownLabel} ${seconds(this.l.lang(), left)}`;
    }
  }

  hostUpdated() {
    const d = this.host.renderRoot.querySelector('dialog')!;
    const view = this.#view;
    // The time itself is always read from the clock: a render a second is enough.
    if (view === 'warning') this.#timer ??= setInterval(() => this.host.requestUpdate(), 1000);
    else this.#stop();
    if (view === 'closed') {
      this.#announcement = '';
      if (d.open) d.close();
    } else if (view !== this.#shown) void this.#show(d, view);
    else if (!d.open) d.showModal();
    this.#shown = view;
  }

  /** Opens and focuses it. The "ended" notice looks once guards rendered the sign-out (same task: nothing painted yet). */
  async #show(d: HTMLDialogElement, view: View) {
    if (view === 'ended') {
      await Promise.all([...document.querySelectorAll('session-guard')].map((g) => g.updateComplete));
      this.#pageForm = [...document.querySelectorAll('login-form')].some((f) => !this.host.contains(f) && f.checkVisibility());
      await (this.host.requestUpdate(), this.host.updateComplete);
      if (this.#view !== view) return;
    }
    if (!d.open) d.showModal();
    await this.#focus(d);
  }

  /** The safe default: the [autofocus] button, else the password of the sign-in form (never "Sign out"). */
  async #focus(d: HTMLDialogElement) {
    // The page's `slot="login"` content, else the built-in form (flatten: the slot's own content).
    const forms = [...d.querySelectorAll('slot')].flatMap((slot) => slot.assignedElements({ flatten: true }))
      .map((el) => (el.localName === 'login-form' ? el : el.querySelector('login-form')))
      .filter(Boolean) as LoginForm[];
    for (const form of forms) form.reauthUser = this.t.user;
    const button = d.querySelector<HTMLElement>('[autofocus]');
    if (button) return button.focus();
    await forms[0]?.updateComplete;
    forms[0]?.querySelector<HTMLElement>('input[name=password]')?.focus();
  }

  render() {
    const view = this.#view;
    return html`<dialog part="dialog" role="alertdialog" aria-labelledby="heading" aria-describedby="message" @cancel=${this.#dismiss}>
      ${view === 'ended' ? this.#renderEnded() : view === 'warning' ? this.#renderWarning() : nothing}
      <p part="status" class="visually-hidden" role="status">${this.#announcement}</p>
    </dialog>`;
  }

  #renderWarning() {
    const s = this.session.state!;
    const w = s.warning!;
    const final = w.kind === 'expiry' && !s.renewable;
    const left = secondsLeft(w);
    const { l } = this;
    const t = l.s;
    // m:ss in the language's digits.
    const digits = (n: number, min: number) => n.toLocaleString(l.lang(), { minimumIntegerDigits: min });
    return html`<h2 part="heading" id="heading"><slot name="heading">${t.heading}</slot></h2>
      <div id="message">
        <p part="message"><slot name="message">${w.kind === 'idle' ? t.idleMessage : final ? t.finalMessage : t.expiryMessage}</slot></p>
        <p>${t.countdownLabel} <span part="countdown">${digits(Math.floor(left / 60), 1)}:${digits(left % 60, 2)}</span></p>
      </div>
      ${final ? html`<slot name="login"><login-form .reauthUser=${this.t.user}></login-form></slot>` : nothing}
      <div part="actions"><slot name="actions">
        ${final ? nothing : html`<button part="button extend" class="primary" autofocus @click=${this.#extend}>${t.extendLabel}</button>`}
        <button part="button logout" @click=${this.#logout}>${t.logoutLabel}</button>
      </slot></div>`;
  }

  #renderEnded() {
    const loginUrl = this.session.controller?.config.loginUrl;
    const url = loginUrl && sameOriginUrl(loginUrl);
    const s = this.l.s;
    const { ended } = this.t;
    return html`<h2 part="heading" id="heading">${s.endedHeading}</h2>
      <p part="message" id="message">${ended === 'idle' ? s.endedIdleMessage : ended === 'remote' ? s.remoteLogoutMessage : ended === 'revoked' ? s.revokedMessage : s.endedExpiredMessage}</p>
      ${this.#pageForm ? nothing : html`<slot name="login"><login-form .reauthUser=${this.t.user}></login-form></slot>`}
      <div part="actions">
        ${url ? html`<a part="login-link" href=${withReturnTo(url).href}>${s.loginLabel}</a>` : nothing}
        <button part="button close" autofocus @click=${this.#dismiss}>${s.closeLabel}</button>
      </div>`;
  }

  readonly #extend = () => void this.session.controller?.extend();
  readonly #logout = () => void this.session.controller?.logout();

  /** Escape or Close: hides it without signing out or extending. */
  readonly #dismiss = () => {
    if (this.#view === 'ended') this.t.ended = null;
    else this.t.dismissed = keyOf(this.session.state?.warning);
    this.host.requestUpdate();
  };
}
