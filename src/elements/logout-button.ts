import { LitElement, css, html } from 'lit';
import { SessionConsumer } from '../context.js';
import type { LogoutScope } from '../core/types.js';
import { Localize } from '../i18n/index.js';
import { showState } from './shared.js';
import { buttons, tokens } from './shared.styles.js';

/**
 * A button that signs out here and in every tab. Hidden unless signed in (also while the first
 * check runs); a page that wants it on screen anyway (disabled) sets `display` on `logout-button`.
 *
 * @summary Sign out.
 *
 * @slot - The button's label (default: the `label` attribute, "Sign out").
 *
 * @csspart button - The native `<button>`.
 *
 * @cssstate signed-in - Signed in: the button shows.
 *
 * @cssproperty --session-accent-color - Focus ring color (default: the system LinkText color).
 * @cssproperty --session-color-scheme - `color-scheme` of the element (default: inherited from the page).
 * @cssproperty --session-radius - Corner radius.
 */
export class LogoutButton extends LitElement {
  // A page's own `logout-button { display: … }` wins over `:host` rules: that is the opt-out.
  static override styles = [tokens, buttons, css`:host { display: inline-block; } :host(:not(:state(signed-in))) { display: none; }`];

  static override properties = { label: {}, scope: {} };

  /** The label when the default slot is empty (default: "Sign out" in the element's language).
   * @attr label */
  label = '';
  /** `local` (this browser), `others` (the user's other sessions; this one stays) or `global` (all of them), as in `logout({ scope })`.
   * @attr scope */
  scope: LogoutScope = 'local';

  readonly #session = new SessionConsumer(this);
  readonly #internals = this.attachInternals?.(); // missing below the floor: see support.ts
  readonly #l = new Localize(this);

  protected override render() {
    // Disabled when there is nothing to sign out of, so a click never looks like it did something.
    const off = this.#session.state?.status !== 'authenticated';
    showState(this.#internals, ['signed-in'], off ? '' : 'signed-in');
    return html`<button part="button" type="button" ?disabled=${off} @click=${this.#logout}><slot>${this.label || this.#l.t('logoutLabel', {}, 'Sign out')}</slot></button>`;
  }

  // A failure is the controller's `session-error`: nothing more to do here.
  readonly #logout = () => void this.#session.controller?.logout({ scope: this.scope }).catch(() => {});
}

declare global {
  interface HTMLElementTagNameMap {
    'logout-button': LogoutButton;
  }
}
