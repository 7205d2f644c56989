import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { SessionConsumer } from '../context.js';
import { withReturnTo } from '../core/safe-url.js';
import type { SessionState } from '../core/types.js';
import { configError, navigate, safeUrl } from './shared.js';

/** What a guard shows. */
export type GuardView = 'loading' | 'authorized' | 'fallback' | 'forbidden';

/**
 * Shows its content only when the session allows it. Rendering is a convenience, not security:
 * the server still has to enforce access.
 *
 * @summary Protected content: shown when signed in (and, with `roles`, holding a role).
 *
 * @slot - Shown when authorized. A `<template>` here is stamped only once authorized (and removed
 *   on sign-out), so protected children are not even created before.
 * @slot fallback - Shown when signed out.
 * @slot loading - Shown while the first check runs (with a stored token this is skipped: content shows at once).
 * @slot forbidden - Shown when signed in without one of the `roles`.
 *
 * @fires session-error - `detail.error.code === 'config'` when `redirect` is not a same-origin URL.
 * @fires session-redirect - Cancelable, `detail: { url }`, before navigating to the sign-in page; `preventDefault()` to route yourself.
 *
 * @cssstate loading
 * @cssstate authorized
 * @cssstate fallback
 * @cssstate forbidden
 */
export class SessionGuard extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Space-separated roles; the user's `role` must be one of them. Empty: any signed-in user. */
  @property() roles = '';
  /**
   * Navigate here (same-origin only, with a `returnTo` back to this page) when signed out.
   * Present but empty: the provider's `login-url`.
   */
  @property() redirect: string | null = null;

  readonly #session = new SessionConsumer(this);
  readonly #internals = this.attachInternals();
  #stamped: Node[] = [];
  #redirected = false;

  /** What the guard currently shows. */
  get view(): GuardView {
    return guardView(this.#session.state, this.roles);
  }

  protected override render() {
    const view = this.view;
    return view === 'authorized' ? html`<slot></slot>` : html`<slot name=${view}></slot>`;
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    const view = this.view;
    for (const s of ['loading', 'authorized', 'fallback', 'forbidden']) this.#internals.states?.[s === view ? 'add' : 'delete'](s);
    this.#stamp(view === 'authorized');
    if (view !== 'fallback') this.#redirected = false;
    else if (this.redirect !== null && !this.#redirected) {
      this.#redirected = true;
      this.#redirectToLogin();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#stamp(false);
  }

  #stamp(on: boolean) {
    const template = [...this.children].find((c): c is HTMLTemplateElement => c instanceof HTMLTemplateElement && !c.slot);
    if (on && template && !this.#stamped.length) {
      const content = template.content.cloneNode(true);
      this.#stamped = [...content.childNodes];
      template.after(content);
    } else if (!on) for (const n of this.#stamped.splice(0)) if (n.parentNode === this) this.removeChild(n);
  }

  #redirectToLogin() {
    const target = this.redirect || this.#session.controller?.config.loginUrl;
    if (!target) return configError(this, '<session-guard redirect> has no value and the provider has no login-url');
    const url = safeUrl(this, target, 'redirect');
    if (url) navigate(this, withReturnTo(url));
  }
}

function guardView(state: SessionState | undefined, roles: string): GuardView {
  if (!state || state.status === 'loading') return 'loading';
  if (state.status === 'unauthenticated') return 'fallback';
  const wanted = roles.split(/\s+/).filter(Boolean);
  const role = state.user?.role;
  return !wanted.length || (typeof role === 'string' && wanted.includes(role)) ? 'authorized' : 'forbidden';
}

declare global {
  interface HTMLElementTagNameMap {
    'session-guard': SessionGuard;
  }
}
