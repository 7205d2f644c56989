import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { SessionConsumer } from '../context.js';
import type { SessionController } from '../core/controller.js';
import { isSessionError } from '../core/errors.js';
import type { SessionEventDetails, SessionUser } from '../core/types.js';
import { Localize } from '../i18n/index.js';
import './login-button.js'; // the template renders it (define.ts registers it)
import { loginFormStyles } from './login-form.styles.js';
import { STATE, configError, deepActive, emit, navigate, props, safeUrl } from './shared.js';
import { unsupported } from './support.js';

let ids = 0;

/**
 * A real `<form>` with Email and Password fields that signs in (or registers) through the nearest
 * `<session-provider>`.
 *
 * It renders into light DOM, not a shadow root: browser and extension password managers look for
 * login forms with document-level DOM queries and do not reliably see (fill or offer to save)
 * fields inside shadow roots. Its styles are one constructable stylesheet adopted by the document
 * (or the shadow root it sits in), with zero-specificity selectors, so no inline styles are needed.
 *
 * Failures: each one fires `login-error` from the form and nothing else. The controller's
 * `session-error` is not fired for an attempt made through a form, so a page listening to both
 * shows it once; `detail.error` is the same `SessionError` (`code`, `message`, `hint`, `status`, `cause`).
 * The form shows only `error.message`, the plain text for the person (see `MESSAGES`); the
 * server's words and the cause go to `error.hint`, for the developer.
 * A taken email in `register` mode is `account-exists` (Bknd 0.20 answers 500
 * `SQLITE_CONSTRAINT … UNIQUE constraint failed: users.email`; it becomes status 409).
 * The message shows in the `role="alert"` region until the user edits a field. When a failed
 * attempt leaves focus nowhere (the button was disabled while pending), focus moves to the message;
 * a user who pressed Enter in a field stays in it.
 *
 * Re-authentication (`reauthUser`, set by `<session-expiry-warning>`): the email field shows that
 * user's email, read-only, with a "Not you? Sign out" button; signing in as another account is
 * refused (`wrong-user`) and the session stays as it was.
 *
 * Social sign-in: with `backend="bknd"` (the attribute or default) and `transport="cookie"`, the Bknd server's enabled OAuth
 * strategies (`GET {host}/api/auth/strategies`, types `oauth` and `custom_oauth`) are listed as
 * `<login-button>`s above the fields (`action` follows `mode`). Nothing is asked with other backends,
 * in `transport="header"` (Bknd's OAuth return sets its cookie, which header transport does not
 * read) or with `oauth="off"`. An answer that fails or is not Bknd's (404, HTML) lists nothing: the
 * password fields work on their own. Not while re-authenticating (the redirect would leave the page).
 *
 * @summary Sign-in (or registration) form that password managers can fill.
 *
 * @slot forgot - An element with `slot="forgot"` (your own link or router link) is moved to where
 *   the "Forgot password?" link goes; instead of `forgot-url`.
 *
 * @csspart form - The `<form>`.
 * @csspart label - Each `<label>` (wraps its text and field).
 * @csspart label-text - The text of each label.
 * @csspart input - Both fields; also `email` and `password` for each one.
 * @csspart password-row - The password label with its show/hide toggle.
 * @csspart toggle - The show/hide password button (`aria-pressed`).
 * @csspart hint - The password length hint (with `minlength`).
 * @csspart forgot - The "Forgot password?" link (with `forgot-url`).
 * @csspart not-you - The "Not you? Sign out" button when re-authenticating.
 * @csspart oauth - The list of `<login-button>`s for the Bknd server's OAuth strategies (absent when empty).
 * @csspart notice - The polite status line ("Signed out in another tab", "You were signed out on another device"; hidden when empty).
 * @csspart error - The `role="alert"` region with the failure's plain message (hidden when empty).
 * @csspart button - The submit button.
 *
 * @cssproperty --session-accent-color - Button and focus ring color (default: the system LinkText color).
 * @cssproperty --session-on-accent-color - Button text color.
 * @cssproperty --session-color-scheme - `color-scheme` of the element (default: inherited from the page).
 * @cssproperty --session-radius - Corner radius of fields and button.
 * @cssproperty --session-gap - Space between the rows.
 * @cssproperty --login-form-width - Maximum width of the form (default 22rem).
 * @cssproperty --login-form-border-color - Field border color.
 * @cssproperty --login-form-error-color - Color of the error message.
 *
 * @fires login-success - `detail: { user }`, signed in (or registered).
 * @fires login-error - `detail: { error }`, the attempt failed: the one event for it (`error` is
 *   usually a `SessionError`: `invalid-credentials`, `account-exists`, `wrong-user`, `network`…).
 * @fires session-error - `detail.error.code === 'config'`: no provider, or an off-origin `redirect`/`returnTo` (ignored).
 * @fires session-redirect - Cancelable, `detail: { url }`, before navigating after success; `preventDefault()` to route yourself.
 */
export class LoginForm extends LitElement {
  static override properties = props(
    ['mode', 'strategy', 'redirect', 'emailLabel', 'passwordLabel', 'submitLabel', 'errorText', 'showPasswordLabel', 'minlength', 'minlengthHint',
      'forgotUrl', 'forgotLabel', 'notYouLabel', 'remoteLogoutText', 'revokedText', 'oauth'],
    { minlength: { type: Number }, reauthUser: { attribute: false }, oauthList: STATE, pending: STATE, error: STATE, notice: STATE, shown: STATE },
  );

  /** `login` or `register` (creates the account, asks for a new password).
   * @attr mode */
  mode: 'login' | 'register' = 'login';
  /** Auth strategy; defaults to the provider's `strategy`.
   * @attr strategy */
  strategy = '';
  /** Same-origin URL to go to after success; a same-origin `returnTo` query parameter of the page wins.
   * @attr redirect */
  redirect = '';
  /** Label of the email field (default: "Email" in the element's language).
   * @attr email-label */
  emailLabel = 'Email';
  /** Label of the password field (default: "Password" in the element's language).
   * @attr password-label */
  passwordLabel = 'Password';
  /** Submit button text; default "Sign in", or "Create account" in register mode (in the element's language).
   * @attr submit-label */
  submitLabel = '';
  /** Shown for a failure that is not a `SessionError` (a custom backend's own error; default: "Sign-in failed. Please try again." in the element's language).
   * @attr error-text */
  errorText = 'Sign-in failed. Please try again.';
  /** Accessible name of the show/hide password toggle (its state is `aria-pressed`; default: "Show password").
   * @attr show-password-label */
  showPasswordLabel = 'Show password';
  /** Minimum password length (Bknd's password strategy: 8): set on the field, and hinted in register mode.
   * @attr minlength */
  minlength?: number;
  /** The length hint; `{n}` is replaced by `minlength` (default: "At least {n} characters." in the element's language).
   * @attr minlength-hint */
  minlengthHint = 'At least {n} characters.';
  /** Same-origin URL of a "Forgot password?" page; shows the link.
   * @attr forgot-url */
  forgotUrl = '';
  /** Text of the `forgot-url` link (default: "Forgot password?").
   * @attr forgot-label */
  forgotLabel = 'Forgot password?';
  /** Text of the button that leaves re-authentication by signing out (default: "Not you? Sign out").
   * @attr not-you-label */
  notYouLabel = 'Not you? Sign out';
  /** Status line after a sign-out in another tab (default: "Signed out in another tab.").
   * @attr remote-logout-text */
  remoteLogoutText = 'Signed out in another tab.';
  /** Status line after the server ended the session (signed out on another device, or by an admin; default: "You were signed out on another device.").
   * @attr revoked-text */
  revokedText = 'You were signed out on another device.';
  /** Re-authenticate this user only (the email is fixed; another account is refused). Set by `<session-expiry-warning>`. */
  reauthUser: SessionUser | null = null;
  /** `off`: do not list the Bknd server's OAuth strategies.
   * @attr oauth */
  oauth = '';

  /** True while a sign-in is on its way. */
  pending = false;
  /** The failure shown (its text is looked up at each render, so it follows a change of language). */
  private error: unknown = null;
  /** The key (and property) of the status line's text, or ''. */
  private notice: '' | 'remoteLogoutText' | 'revokedText' = '';
  private shown = false;
  private oauthList: string[] = [];

  readonly #id = `login-form-${++ids}`;
  readonly #session = new SessionConsumer(this, { events: { 'session-logout': (e) => this.#onLogout(e) } });
  readonly #l = new Localize(this);
  #forgot?: Element | null;
  #forgotHref = '';
  #abort?: AbortController;
  #oauthFor?: SessionController;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    const sheet = loginFormStyles.styleSheet;
    const root = this.getRootNode() as Document | ShadowRoot;
    if (sheet && root.adoptedStyleSheets && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  #onLogout(e: CustomEvent<SessionEventDetails['session-logout']>) {
    const { reason, remote } = e.detail;
    this.notice = reason === 'revoked' ? 'revokedText' : remote && reason === 'logout' ? 'remoteLogoutText' : '';
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (changed.has('minlength') && this.minlength != null && !(this.minlength >= 0)) configError(this, `minlength must be a number of characters; got "${this.getAttribute('minlength')}". Ignored`);
    if (changed.has('forgotUrl')) this.#forgotHref = (this.forgotUrl && safeUrl(this, this.forgotUrl, 'forgot-url')?.href) || '';
    const c = this.#session.controller;
    if (changed.has('oauth') || c !== this.#oauthFor) this.#listStrategies((this.#oauthFor = c));
  }

  /** The list is a convenience beside the password fields: any failure just leaves it empty. */
  #listStrategies(c?: SessionController) {
    const provider = this.closest('session-provider');
    this.oauthList = [];
    if (this.oauth !== 'off' && provider?.backend === 'bknd' && c?.config.transport === 'cookie')
      fetch(`${(provider.host ?? '').replace(/\/+$/, '')}/api/auth/strategies`)
        .then((r) => r.json())
        .then(({ strategies: s }) => {
          // Still the same provider and still wanted.
          if (this.#oauthFor === c && this.oauth !== 'off') this.oauthList = Object.keys(s).filter((k) => /^(custom_)?oauth$/.test(s[k].type));
        })
        .catch(() => {});
  }

  protected override render() {
    const l = this.#l;
    const s = l.s;
    // A failure's plain text in the element's language; `errorText` for one that is not a SessionError.
    const say = (e: unknown) => (isSessionError(e) && (l.t(`error.${e.code}`) || e.message)) || s.errorText;
    // Below the floor (support.ts) the form says why rather than failing on submit.
    if (unsupported) return html`<p part="error" role="alert">${say(unsupported)}</p>`;
    const register = this.mode === 'register';
    const id = this.#id;
    const who = this.reauthUser;
    const min = this.minlength! > 0 ? this.minlength : undefined;
    // The translations have plural forms.
    const hint = register && min ? l.t('minlengthHint', { n: min }) : '';
    // Light DOM has no slots: the page's own `slot="forgot"` element is moved into place.
    this.#forgot ??= this.querySelector(':scope > [slot=forgot]');
    // An attribute binding writes a boolean as "true" / "false" (aria-busy, aria-pressed).
    // method="post": even if the submit handler were missing, credentials never land in a URL.
    return html`<form part="form" method="post" aria-busy=${this.pending} @submit=${this.#submit} @input=${this.#edited}>
      <p part="notice" role="status">${this.notice && s[this.notice]}</p>
      ${this.oauthList.length && !who
        ? html`<div part="oauth">${this.oauthList.map((s) => html`<login-button strategy=${s} action=${register ? 'register' : 'login'}></login-button>`)}</div>`
        : nothing}
      <label part="label"><span part="label-text">${s.emailLabel}</span>
        <input part="input email" name="email" type="email" autocomplete="username" required ?readonly=${!!who?.email} .value=${who?.email ?? ''}></label>
      ${who ? html`<button part="not-you" type="button" @click=${this.#notYou}>${s.notYouLabel}</button>` : nothing}
      <div part="password-row">
        <label part="label"><span part="label-text">${s.passwordLabel}</span>
          <input part="input password" id="${id}-pw" name="password" type=${this.shown ? 'text' : 'password'} required minlength=${ifDefined(min)}
            autocomplete=${register ? 'new-password' : 'current-password'} aria-describedby=${hint ? `${id}-hint` : nothing}></label>
        <button part="toggle" type="button" aria-controls="${id}-pw" aria-pressed=${this.shown} @click=${this.#toggle}>${s.showPasswordLabel}</button>
      </div>
      ${hint ? html`<p part="hint" id="${id}-hint">${hint}</p>` : nothing}
      ${this.#forgot ?? (this.#forgotHref ? html`<a part="forgot" href=${this.#forgotHref}>${s.forgotLabel}</a>` : nothing)}
      <p part="error" role="alert" tabindex="-1">${this.error ? say(this.error) : ''}</p>
      <button part="button" type="submit" ?disabled=${this.pending}>${this.submitLabel || (register ? l.t('createAccount', {}, 'Create account') : l.t('signIn', {}, 'Sign in'))}</button>
    </form>`;
  }

  /** A stale message goes as soon as the user changes what caused it. */
  #edited() {
    this.error = null;
    this.notice = '';
  }

  #toggle() {
    this.shown = !this.shown;
  }

  #notYou() {
    this.reauthUser = null;
    void this.#session.controller?.logout();
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    if (this.pending) return;
    const form = e.currentTarget as HTMLFormElement;
    const controller = this.#session.controller;
    if (!controller) return configError(this, '<login-form> needs a <session-provider> around it');
    const { email, password } = form.elements as unknown as Record<'email' | 'password', HTMLInputElement>;
    const credentials = { email: email.value, password: password.value };
    const abort = (this.#abort = new AbortController());
    // Back to a password field before anything else: password managers save what they see as one.
    this.shown = false;
    this.pending = true;
    this.error = null;
    this.notice = '';
    let user: SessionUser | null = null;
    let failure: unknown;
    try {
      const options = { strategy: this.strategy || undefined, signal: abort.signal, expectUser: this.reauthUser, silent: true };
      user = await (this.mode === 'register' ? controller.register(credentials, options) : controller.login(credentials, options));
    } catch (error) {
      failure = error ?? new Error();
    }
    // The password is not kept anywhere, not even in the field.
    password.value = '';
    if (this.#abort === abort) this.pending = false;
    if (failure) {
      if ((failure as Error).name === 'AbortError') return;
      this.error = failure;
      emit(this, 'login-error', { error: failure });
      await this.updateComplete;
      // The disabled button lost focus: put it on the message. A user still in a field stays there.
      const active = deepActive();
      if (!active || active === document.body || (this.contains(active) && !(active instanceof HTMLInputElement))) this.querySelector<HTMLElement>('[part=error]')?.focus();
      return;
    }
    emit(this, 'login-success', { user });
    const returnTo = new URLSearchParams(location.search).get('returnTo');
    const target = (returnTo && safeUrl(this, returnTo, 'returnTo')) || (this.redirect && safeUrl(this, this.redirect, 'redirect'));
    if (target) navigate(this, target);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-form': LoginForm;
  }
}
