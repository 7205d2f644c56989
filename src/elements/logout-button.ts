import { LitElement, css, html } from 'lit';
import { SessionConsumer } from '../context.js';
import { Localize } from '../i18n/index.js';
import { buttons, tokens } from './shared.styles.js';

/**
 * A button that signs out here and in every tab.
 *
 * @summary Sign out.
 *
 * @slot - The button's label (default: the `label` attribute, "Sign out").
 *
 * @csspart button - The native `<button>`.
 *
 * @cssproperty --session-accent-color - Focus ring color (default: the system LinkText color).
 * @cssproperty --session-color-scheme - `color-scheme` of the element (default: inherited from the page).
 * @cssproperty --session-radius - Corner radius.
 */
export class LogoutButton extends LitElement {
  static override styles = [tokens, buttons, css`:host { display: inline-block; }`];

  static override properties = { label: {} };

  /** The label when the default slot is empty (default: "Sign out" in the element's language). */
  label = '';

  readonly #session = new SessionConsumer(this);
  readonly #l = new Localize(this);

  protected override render() {
    // Disabled when there is nothing to sign out of, so a click never looks like it did something.
    const off = this.#session.state?.status !== 'authenticated';
    return html`<button part="button" type="button" ?disabled=${off} @click=${this.#logout}><slot>${this.label || this.#l.t('logoutLabel', {}, 'Sign out')}</slot></button>`;
  }

  #logout() {
    void this.#session.controller?.logout();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'logout-button': LogoutButton;
  }
}
