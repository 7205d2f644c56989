import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SessionConsumer } from '../context.js';
import { isSessionError } from '../core/errors.js';
import type { SessionUser } from '../core/types.js';
import { loginFormStyles } from './login-form.styles.js';
import { configError, emit, navigate, safeUrl } from './shared.js';

/**
 * A real `<form>` with Email and Password fields that signs in (or registers) through the nearest
 * `<session-provider>`.
 *
 * It renders into light DOM, not a shadow root: browser and extension password managers look for
 * login forms with document-level DOM queries and do not reliably see (fill or offer to save)
 * fields inside shadow roots. Its styles are one constructable stylesheet adopted by the document
 * (or the shadow root it sits in), with zero-specificity selectors, so no inline styles are needed.
 *
 * @summary Sign-in (or registration) form that password managers can fill.
 *
 * @csspart form - The `<form>`.
 * @csspart label - Each `<label>` (wraps its text and field).
 * @csspart label-text - The text of each label.
 * @csspart input - Both fields; also `email` and `password` for each one.
 * @csspart error - The `role="alert"` region with the server's message (hidden when empty).
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
 * @fires login-error - `detail: { error }`, the attempt failed (`error` is usually a `SessionError`).
 * @fires session-error - `detail.error.code === 'config'`: no provider, or an off-origin `redirect`/`returnTo` (ignored).
 * @fires session-redirect - Cancelable, `detail: { url }`, before navigating after success; `preventDefault()` to route yourself.
 */
export class LoginForm extends LitElement {
  /** `login` or `register` (creates the account, asks for a new password). */
  @property() mode: 'login' | 'register' = 'login';
  /** Auth strategy; defaults to the provider's `strategy`. */
  @property() strategy = '';
  /** Same-origin URL to go to after success; a same-origin `returnTo` query parameter of the page wins. */
  @property() redirect = '';
  /** Label of the email field. */
  @property({ attribute: 'email-label' }) emailLabel = 'Email';
  /** Label of the password field. */
  @property({ attribute: 'password-label' }) passwordLabel = 'Password';
  /** Submit button text; default "Sign in", or "Create account" in register mode. */
  @property({ attribute: 'submit-label' }) submitLabel = '';
  /** Shown when the failure carries no message of its own. */
  @property({ attribute: 'error-text' }) errorText = 'Sign-in failed. Please try again.';

  /** True while a sign-in is on its way. */
  @state() pending = false;
  @state() private error = '';

  readonly #session = new SessionConsumer(this);
  #abort?: AbortController;

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

  protected override render() {
    const register = this.mode === 'register';
    // method="post": even if the submit handler were missing, credentials never land in a URL.
    return html`<form part="form" method="post" aria-busy=${this.pending ? 'true' : 'false'} @submit=${this.#submit}>
      <label part="label"><span part="label-text">${this.emailLabel}</span>
        <input part="input email" name="email" type="email" autocomplete="username" required></label>
      <label part="label"><span part="label-text">${this.passwordLabel}</span>
        <input part="input password" name="password" type="password" autocomplete=${register ? 'new-password' : 'current-password'} required></label>
      <p part="error" role="alert">${this.error}</p>
      <button part="button" type="submit" ?disabled=${this.pending}>${this.submitLabel || (register ? 'Create account' : 'Sign in')}</button>
    </form>`;
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    if (this.pending) return;
    const form = e.currentTarget as HTMLFormElement;
    const controller = this.#session.controller;
    if (!controller) return configError(this, '<login-form> needs a <session-provider> around it');
    const password = form.elements.namedItem('password') as HTMLInputElement;
    const credentials = { email: (form.elements.namedItem('email') as HTMLInputElement).value, password: password.value };
    const abort = (this.#abort = new AbortController());
    this.pending = true;
    this.error = '';
    let user: SessionUser | null;
    try {
      const options = { strategy: this.strategy || undefined, signal: abort.signal };
      user = await (this.mode === 'register' ? controller.register(credentials, options) : controller.login(credentials, options));
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') return;
      this.error = (isSessionError(error) && error.message) || this.errorText;
      emit(this, 'login-error', { error });
      return;
    } finally {
      // The password is not kept anywhere, not even in the field.
      password.value = '';
      if (this.#abort === abort) this.pending = false;
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
