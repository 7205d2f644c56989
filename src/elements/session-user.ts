import { LitElement, html, nothing } from 'lit';
import { SessionConsumer } from '../context.js';

/**
 * Renders one field of the signed-in user as text: a Lit text binding, never HTML, whatever the
 * server put in the field.
 *
 * @summary One field of the current user (`email` by default), as text.
 *
 * @slot fallback - Shown when signed out.
 *
 * @csspart value - The text of the field.
 */
export class SessionUserElement extends LitElement {
  // No styles: a custom element is `display: inline` already, and a page's rule wins over `:host`.
  static override properties = { field: {} };

  /** The user field to show; a dotted path (`profile.name`) reaches into nested objects.
   * @attr field */
  field = 'email';

  readonly #session = new SessionConsumer(this);

  /** The field's value as shown, or '' when there is none. */
  get value(): string {
    let v: unknown = this.#session.state?.user;
    for (const key of this.field.split('.')) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  }

  protected override render() {
    const status = this.#session.state?.status;
    if (status === 'unauthenticated') return html`<slot name="fallback"></slot>`;
    return status === 'authenticated' ? html`<span part="value">${this.value}</span>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-user': SessionUserElement;
  }
}
