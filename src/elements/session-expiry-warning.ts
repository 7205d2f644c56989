import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { SessionConsumer } from '../context.js';
import { sameOriginUrl, withReturnTo } from '../core/safe-url.js';
import type { LogoutReason, SessionEventDetails, SessionState, SessionUser, SessionWarning } from '../core/types.js';
import { Localize } from '../i18n/index.js';
import './login-form.js'; // the template renders it (define.ts registers it)
import type { LoginForm } from './login-form.js';
import { warningStyles } from './session-expiry-warning.styles.js';
import { STATE, props } from './shared.js';
import { buttons, tokens, visuallyHidden } from './shared.styles.js';

type View = 'closed' | 'warning' | 'ended';

/** Seconds left at which the countdown is read out (politely); the visible text changes every second. */
const ANNOUNCE_AT = [60, 30, 10];

const keyOf = (w: SessionWarning | null | undefined) => (w ? `${w.kind}:${w.endsAt}` : '');

/**
 * A modal `<dialog role="alertdialog">` that opens `warn-before` seconds before the session would
 * end (token expiry or inactivity), with a live countdown, **Stay signed in** and **Sign out**.
 *
 * - Where the session cannot be extended (a hard token expiry with no refresh, as with Bknd) it
 *   says so and shows a `<login-form>` to sign in again in place: the page and its unsaved work stay.
 * - It follows the session state, so extending or signing out in any tab closes it in every tab.
 * - After the session ended (expired or idle) it says so and why, with a link to the provider's
 *   `login-url` if set, and the sign-in form, unless the page already shows a `<login-form>` (a
 *   guard's fallback): then it only says so, and "Close" leads to the page's form. A sign-out in another tab while it is open is said
 *   in a polite status line ("Signed out in another tab").
 * - Focus never starts on the destructive button: "Stay signed in" where the session can be
 *   extended, else the password field of the sign-in form, and "Close" once it ended.
 * - Its sign-in form re-authenticates the same user: the email is filled in and read-only (with
 *   a "Not you? Sign out" button), and signing in as another account is refused, so the page's
 *   unsaved work never passes to someone else. A `<login-form slot="login">` gets the same.
 * - Escape closes it without signing out and without extending: the session then ends on time,
 *   and the dialog comes back to say so. Browsers let a second Escape close a modal dialog anyway,
 *   so "keep it open" could not be promised; signing out on Escape would lose work.
 * - A `session-expiring` listener that calls `preventDefault()` suppresses it (for that warning
 *   and for the "ended" notice that would follow).
 *
 * @summary Warns before the session ends and lets the user stay signed in.
 *
 * @slot heading - Replaces the heading text of the warning.
 * @slot message - Replaces the message of the warning.
 * @slot actions - Replaces the Stay signed in / Sign out buttons.
 * @slot login - Replaces the built-in `<login-form>`; put your own `<login-form slot="login">` here
 *   to have it in light DOM, where every password manager finds it.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart heading - The heading.
 * @csspart message - The message.
 * @csspart countdown - The visible countdown (m:ss).
 * @csspart actions - The row of buttons.
 * @csspart button - Every button; also `extend`, `logout` and `close` for each one.
 * @csspart login-link - The link to the provider's `login-url` after the session ended.
 * @csspart status - The visually hidden polite status line (countdown read-outs, "Signed out in another tab").
 *
 * @cssproperty --session-accent-color - Primary button and focus ring color (default: the system LinkText color).
 * @cssproperty --session-on-accent-color - Primary button text color.
 * @cssproperty --session-color-scheme - `color-scheme` of the element (default: inherited from the page).
 * @cssproperty --session-radius - Corner radius.
 * @cssproperty --session-gap - Vertical rhythm.
 * @cssproperty --session-warning-width - Maximum width of the dialog (default 28rem).
 * @cssproperty --session-warning-padding - Padding of the dialog.
 * @cssproperty --session-warning-backdrop - Backdrop color.
 */
export class SessionExpiryWarning extends LitElement {
  static override styles = [tokens, buttons, visuallyHidden, warningStyles];

  static override properties = props(
    ['heading', 'idleMessage', 'expiryMessage', 'finalMessage', 'countdownLabel', 'extendLabel', 'logoutLabel', 'endedHeading', 'endedIdleMessage',
      'endedExpiredMessage', 'remoteLogoutMessage', 'revokedMessage', 'loginLabel', 'closeLabel'],
    { ticks: STATE },
  );

  // Each text below defaults to the quoted English in the element's language (`lang`).
  /** Heading while the session is about to end ("Your session is about to end").
   * @attr heading */
  heading = 'Your session is about to end';
  /** Message before an inactivity sign-out ("You have been inactive for a while. For your security, you will be signed out.").
   * @attr idle-message */
  idleMessage = 'You have been inactive for a while. For your security, you will be signed out.';
  /** Message before a token expiry that can be extended ("Your session is about to expire.").
   * @attr expiry-message */
  expiryMessage = 'Your session is about to expire.';
  /** Message before a token expiry that cannot be extended ("Your session can't be extended. Sign in again to keep working; this page stays open.").
   * @attr final-message */
  finalMessage = "Your session can't be extended. Sign in again to keep working; this page stays open.";
  /** Text before the countdown ("Time left:").
   * @attr countdown-label */
  countdownLabel = 'Time left:';
  /** Label of the button that extends the session ("Stay signed in").
   * @attr extend-label */
  extendLabel = 'Stay signed in';
  /** Label of the sign-out button ("Sign out").
   * @attr logout-label */
  logoutLabel = 'Sign out';
  /** Heading once the session has ended ("Your session has ended").
   * @attr ended-heading */
  endedHeading = 'Your session has ended';
  /** Message once the session ended by inactivity ("You were signed out because you were inactive.").
   * @attr ended-idle-message */
  endedIdleMessage = 'You were signed out because you were inactive.';
  /** Message once the session expired ("Your session expired.").
   * @attr ended-expired-message */
  endedExpiredMessage = 'Your session expired.';
  /** Message (and polite status line) when another tab signed out while the warning showed ("Signed out in another tab.").
   * @attr remote-logout-message */
  remoteLogoutMessage = 'Signed out in another tab.';
  /** Message (and polite status line) when the server ended the session (signed out on another device) while the warning showed.
   * @attr revoked-message */
  revokedMessage = 'You were signed out on another device.';
  /** Text of the link to the provider's `login-url` ("Go to the sign-in page").
   * @attr login-label */
  loginLabel = 'Go to the sign-in page';
  /** Label of the button that closes the "ended" notice ("Close").
   * @attr close-label */
  closeLabel = 'Close';

  /** Bumped every second while counting down; the time itself is always read from the clock. */
  private ticks = 0;

  readonly #session = new SessionConsumer(this, {
    state: (s) => this.#onState(s),
    events: { 'session-expiring': (e) => this.#onExpiring(e), 'session-logout': (e) => this.#onLogout(e) },
  });
  readonly #l = new Localize(this);
  #view: View = 'closed';
  #shown: View = 'closed';
  #last?: SessionState;
  /** The warning whose `session-expiring` event is still being dispatched: open only once no listener vetoed it. */
  #deciding = '';
  #prevented = '';
  #dismissed = '';
  #ended: LogoutReason | 'remote' | null = null;
  /** Who is signed in (or was, until the session ended): the only account the dialog's form accepts. */
  #user: SessionUser | null = null;
  #timer?: ReturnType<typeof setInterval>;
  #announced = Infinity;
  #announcement = '';
  #pageForm = false; // the page shows a sign-in form of its own: the "ended" notice adds none

  /** Whether the dialog is showing (a warning or the "ended" notice). */
  get open(): boolean {
    return this.#view !== 'closed';
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#stop();
  }

  #stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Another tab signed out while the warning showed: say so instead of vanishing. */
  #onLogout(e: CustomEvent<SessionEventDetails['session-logout']>) {
    const revoked = e.detail.reason === 'revoked';
    if (!(revoked || (e.detail.remote && e.detail.reason === 'logout')) || this.#shown !== 'warning') return;
    this.#ended = revoked ? 'revoked' : 'remote';
    this.#announcement = revoked ? this.#l.s.revokedMessage : this.#l.s.remoteLogoutMessage;
    this.requestUpdate();
  }

  #onExpiring(e: CustomEvent<SessionWarning>) {
    const key = keyOf(e.detail);
    this.#deciding = key;
    // Listeners after this one (and on the provider) run before the microtask: then we know.
    queueMicrotask(() => {
      if (this.#deciding === key) this.#deciding = '';
      if (e.defaultPrevented) this.#prevented = key;
      this.requestUpdate();
    });
  }

  #onState(s: SessionState | undefined) {
    const prev = this.#last;
    this.#last = s;
    if (s?.user) this.#user = s.user;
    if (s?.status === 'authenticated') this.#ended = null;
    else if (prev?.status === 'authenticated' && s?.status === 'unauthenticated' && (s.reason === 'expired' || s.reason === 'idle')
      && (!prev.warning || keyOf(prev.warning) !== this.#prevented)) this.#ended = s.reason;
  }

  protected override willUpdate(changed: PropertyValues) {
    super.willUpdate(changed);
    const s = this.#session.state;
    const w = s?.status === 'authenticated' ? s.warning : null;
    const key = keyOf(w);
    this.#view = this.#ended ? 'ended' : w && ![this.#deciding, this.#prevented, this.#dismissed].includes(key) ? 'warning' : 'closed';
    if (this.#view === 'warning' && w) this.#count(secondsLeft(w));
  }

  /** Politely reads the time left when it crosses 60, 30 and 10 seconds; opening already announced it. */
  #count(left: number) {
    if (this.#shown !== 'warning') this.#announced = left;
    if (ANNOUNCE_AT.some((t) => left <= t && this.#announced > t)) {
      this.#announced = left;
      this.#announcement = `${this.#l.s.countdownLabel} ${seconds(this.#l.lang(), left)}`;
    }
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    const d = this.renderRoot.querySelector('dialog')!;
    const view = this.#view;
    if (view === 'warning') this.#timer ??= setInterval(() => this.ticks++, 1000);
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
      this.#pageForm = [...document.querySelectorAll('login-form')].some((f) => !this.contains(f) && f.checkVisibility());
      await (this.requestUpdate(), this.updateComplete);
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
    for (const form of forms) form.reauthUser = this.#user;
    const button = d.querySelector<HTMLElement>('[autofocus]');
    if (button) return button.focus();
    await forms[0]?.updateComplete;
    forms[0]?.querySelector<HTMLElement>('input[name=password]')?.focus();
  }

  protected override render() {
    const view = this.#view;
    return html`<dialog part="dialog" role="alertdialog" aria-labelledby="heading" aria-describedby="message" @cancel=${this.#dismiss}>
      ${view === 'ended' ? this.#renderEnded() : view === 'warning' ? this.#renderWarning() : nothing}
      <p part="status" class="visually-hidden" role="status">${this.#announcement}</p>
    </dialog>`;
  }

  #renderWarning() {
    const s = this.#session.state!;
    const w = s.warning!;
    const final = w.kind === 'expiry' && !s.renewable;
    const left = secondsLeft(w);
    const l = this.#l;
    const t = l.s;
    // m:ss in the language's digits.
    const digits = (n: number, min: number) => n.toLocaleString(l.lang(), { minimumIntegerDigits: min });
    return html`<h2 part="heading" id="heading"><slot name="heading">${t.heading}</slot></h2>
      <div id="message">
        <p part="message"><slot name="message">${w.kind === 'idle' ? t.idleMessage : final ? t.finalMessage : t.expiryMessage}</slot></p>
        <p>${t.countdownLabel} <span part="countdown">${digits(Math.floor(left / 60), 1)}:${digits(left % 60, 2)}</span></p>
      </div>
      ${final ? html`<slot name="login"><login-form .reauthUser=${this.#user}></login-form></slot>` : nothing}
      <div part="actions"><slot name="actions">
        ${final ? nothing : html`<button part="button extend" class="primary" autofocus @click=${this.#extend}>${t.extendLabel}</button>`}
        <button part="button logout" @click=${this.#logout}>${t.logoutLabel}</button>
      </slot></div>`;
  }

  #renderEnded() {
    const loginUrl = this.#session.controller?.config.loginUrl;
    const url = loginUrl && sameOriginUrl(loginUrl);
    const l = this.#l;
    const s = l.s;
    return html`<h2 part="heading" id="heading">${s.endedHeading}</h2>
      <p part="message" id="message">${this.#ended === 'idle' ? s.endedIdleMessage : this.#ended === 'remote' ? s.remoteLogoutMessage : this.#ended === 'revoked' ? s.revokedMessage : s.endedExpiredMessage}</p>
      ${this.#pageForm ? nothing : html`<slot name="login"><login-form .reauthUser=${this.#user}></login-form></slot>`}
      <div part="actions">
        ${url ? html`<a part="login-link" href=${withReturnTo(url).href}>${s.loginLabel}</a>` : nothing}
        <button part="button close" autofocus @click=${this.#dismiss}>${s.closeLabel}</button>
      </div>`;
  }

  readonly #extend = () => void this.#session.controller?.extend();
  readonly #logout = () => void this.#session.controller?.logout();

  /** Escape or Close: hides it without signing out or extending. */
  #dismiss() {
    if (this.#view === 'ended') this.#ended = null;
    else this.#dismissed = keyOf(this.#session.state?.warning);
    this.requestUpdate();
  }
}

const secondsLeft = (w: SessionWarning) => Math.max(0, Math.ceil((w.endsAt - Date.now()) / 1000));

const seconds = (lang: string, n: number) => n.toLocaleString(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' });

declare global {
  interface HTMLElementTagNameMap {
    'session-expiry-warning': SessionExpiryWarning;
  }
}
