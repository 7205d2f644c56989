import { LitElement, type PropertyValues } from 'lit';
import { SessionConsumer } from '../context.js';
import type { LogoutReason, SessionState, SessionUser, SessionWarning } from '../core/types.js';
import { Localize } from '../i18n/index.js';
import type { WarningView } from './session-expiry-warning-view.js';
import { props } from './shared.js';
import { buttons, contents, tokens, visuallyHidden } from './shared.styles.js';

/** Identifies one warning: the same deadline of the same kind. */
export const keyOf = (w: SessionWarning | null | undefined) => (w ? `${w.kind}:${w.endsAt}` : '');

/**
 * What the element follows from the start, kept for its view: a veto or the end of a session can
 * come before the view's chunk has loaded.
 * @internal
 */
export interface WarningTrack {
  /** The warning whose `session-expiring` event is still being dispatched: open only once no listener vetoed it. */
  deciding: string;
  prevented: string;
  dismissed: string;
  ended: LogoutReason | 'remote' | null;
  /** Who is signed in (or was, until the session ended): the only account the dialog's form accepts. */
  user: SessionUser | null;
  last?: SessionState;
}

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
 * This class is small in the main file: the dialog (its rendering, countdown, focus and styles) is
 * a sibling chunk fetched when the element connects, so it is there before any warning (offline too).
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
  // The dialog's own styles come with the view.
  static override styles = [tokens, buttons, visuallyHidden, contents];

  static override properties = props(
    ['heading', 'idleMessage', 'expiryMessage', 'finalMessage', 'countdownLabel', 'extendLabel', 'logoutLabel', 'endedHeading', 'endedIdleMessage',
      'endedExpiredMessage', 'remoteLogoutMessage', 'revokedMessage', 'loginLabel', 'closeLabel'],
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

  readonly #t: WarningTrack = { deciding: '', prevented: '', dismissed: '', ended: null, user: null };
  readonly #session = new SessionConsumer(this, {
    state: (s) => this.#onState(s),
    events: { 'session-expiring': (e) => this.#onExpiring(e), 'session-logout': (e) => this.#ui?.onLogout(e) },
  });
  readonly #l = new Localize(this);
  #ui?: WarningView;
  #loading?: Promise<unknown>;

  /** Whether the dialog is showing (a warning or the "ended" notice). */
  get open(): boolean {
    return !!this.#ui?.open;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.#load();
  }

  /**
   * The dialog (rendering, countdown, focus) is a sibling chunk, fetched as the element connects:
   * it shows nothing before a warning, and is here before one (offline too). One that could not
   * load is asked for again at the next update (a new state: a warning, say).
   */
  #load() {
    this.#loading ??= import('./session-expiry-warning-view.js').then((m) => {
      this.#ui = new m.WarningView(this, this.#session, this.#l, this.#t);
      this.requestUpdate();
    }, () => (this.#loading = undefined));
  }

  protected override willUpdate(changed: PropertyValues) {
    super.willUpdate(changed);
    // Not while rendered on a server (Lit SSR calls willUpdate; nothing is connected there).
    if (this.isConnected) this.#load();
  }

  /** Also waits for the view, so `await el.updateComplete` sees the dialog as it is. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.#loading;
    return super.getUpdateComplete();
  }

  protected override render() {
    return this.#ui?.render();
  }

  #onExpiring(e: CustomEvent<SessionWarning>) {
    const t = this.#t;
    const key = keyOf(e.detail);
    t.deciding = key;
    // Listeners after this one (and on the provider) run before the microtask: then we know.
    queueMicrotask(() => {
      if (t.deciding === key) t.deciding = '';
      if (e.defaultPrevented) t.prevented = key;
      this.requestUpdate();
    });
  }

  #onState(s: SessionState | undefined) {
    const t = this.#t;
    const prev = t.last;
    t.last = s;
    if (s?.user) t.user = s.user;
    if (s?.status === 'authenticated') t.ended = null;
    else if (prev?.status === 'authenticated' && s?.status === 'unauthenticated' && (s.reason === 'expired' || s.reason === 'idle')
      && (!prev.warning || keyOf(prev.warning) !== t.prevented)) t.ended = s.reason;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-expiry-warning': SessionExpiryWarning;
  }
}
