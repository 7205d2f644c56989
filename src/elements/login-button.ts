import { LitElement, css, html } from 'lit';
import { SessionConsumer } from '../context.js';
import { SessionError } from '../core/errors.js';
import type { Credentials } from '../core/types.js';
import { Localize } from '../i18n/index.js';
import { emit } from './shared.js';
import { buttons, tokens } from './shared.styles.js';

/**
 * "Continue with …": signs in through one OAuth / OpenID Connect provider.
 *
 * With the `bknd` backend it starts Bknd's OAuth flow for `strategy` (a form POST to
 * `{host}/api/auth/{strategy}/login`, Bknd's cookie mode): Bknd signs in at the provider, sets its
 * auth cookie and sends the browser back to this page, where a provider with `transport="cookie"`
 * picks the session up. With the `oidc` backend it starts the authorization code + PKCE redirect;
 * the provider finishes the callback when the page loads.
 *
 * @summary A "Continue with …" sign-in button.
 *
 * @slot - The button's label (default: the `label` attribute, or "Continue with {Strategy}").
 *
 * @csspart button - The native `<button>`.
 *
 * @fires login-error - `{ error }` when the redirect could not start (discovery failed, no provider).
 *
 * @cssproperty --session-accent-color - Focus ring color (default: the system LinkText color).
 * @cssproperty --session-color-scheme - `color-scheme` of the element (default: inherited from the page).
 * @cssproperty --session-radius - Corner radius.
 */
export class LoginButton extends LitElement {
  static override styles = [tokens, buttons, css`:host { display: inline-block; } button { inline-size: 100%; }`];

  static override properties = { strategy: {}, label: {}, action: {}, host: {} };

  /** The OAuth strategy: a Bknd strategy name (`google`, `github`, a `custom_oauth` name); with `oidc` only the label uses it.
   * @attr strategy */
  strategy = '';
  /** The label when the default slot is empty (default "Continue with {Strategy}" in the element's language).
   * @attr label */
  label = '';
  /** Bknd: `login` (an existing account) or `register` (create it on first sign-in).
   * @attr action */
  action: 'login' | 'register' = 'login';
  /** Bknd's base URL; default: the enclosing `<session-provider>`'s `host`.
   * @attr host */
  host?: string;

  #busy = false;
  readonly #session = new SessionConsumer(this);
  readonly #l = new Localize(this);

  /** The enclosing `<session-provider>`, across shadow roots (a button inside another component). */
  get #provider(): HTMLElementTagNameMap['session-provider'] | undefined {
    for (let el: Node | null | undefined = this.parentNode; el; el = el.parentNode ?? (el as ShadowRoot).host)
      if ((el as Element).localName === 'session-provider') return el as HTMLElementTagNameMap['session-provider'];
  }

  protected override render() {
    const l = this.#l;
    const name = this.strategy ? this.strategy[0].toUpperCase() + this.strategy.slice(1).replace(/[_-]+/g, ' ') : l.t('singleSignOn', {}, 'single sign-on');
    return html`<button part="button" type="button" @click=${this.#start}><slot>${this.label || l.t('continueWith', { name }, 'Continue with {name}')}</slot></button>`;
  }

  async #start() {
    if (this.#busy) return;
    const controller = this.#session.controller;
    const backend = controller?.config.backend as { kind?: string } | undefined;
    this.#busy = true;
    try {
      if (backend?.kind === 'oidc' || this.#provider?.backend === 'oidc') {
        // Navigates away; resolves only if the redirect could not start.
        await controller!.login({} as Credentials);
      } else {
        this.#bknd();
      }
    } catch (error) {
      emit(this, 'login-error', { error });
    } finally {
      this.#busy = false;
    }
  }

  /** Bknd's cookie mode wants a top-level POST; it returns to the Referer when done. */
  #bknd() {
    if (!/^[\w-]+$/.test(this.strategy)) throw new SessionError('config', `<login-button>: strategy "${this.strategy}" is not a Bknd strategy name`);
    const host = (this.host ?? this.#provider?.host ?? '').replace(/\/+$/, '');
    const form = document.createElement('form');
    form.method = 'post';
    form.action = `${host}/api/auth/${this.strategy}/${this.action === 'register' ? 'register' : 'login'}`;
    form.hidden = true;
    document.body.append(form);
    form.submit(); // the page leaves; the form goes with it
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-button': LoginButton;
  }
}
