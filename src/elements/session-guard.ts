import { LitElement, html, type PropertyValues } from 'lit';
import { SessionConsumer } from '../context.js';
import { withReturnTo } from '../core/safe-url.js';
import type { SessionEventDetails } from '../core/types.js';
import { STATE, configError, deepActive, navigate, props, safeUrl, showState } from './shared.js';
import { contents, visuallyHidden } from './shared.styles.js';
import { Localize } from '../i18n/index.js';

const FOCUSABLE = 'a[href],button:not(:disabled),input:not(:disabled):not([type=hidden]),select:not(:disabled),textarea:not(:disabled),[tabindex]:not([tabindex="-1"])';
const HEADING = 'h1,h2,h3,h4,h5,h6,[role=heading]';

/** What a guard shows. */
export type GuardView = 'loading' | 'authorized' | 'fallback' | 'forbidden';

/**
 * Shows its content only when the session allows it. Rendering is a convenience, not security:
 * the server still has to enforce access.
 *
 * Focus (WAI-ARIA practice): after a sign-in through a `<login-form>` in this tab, focus moves to the newly shown
 * content (its first heading or focusable element; else its first element, made focusable with
 * `tabindex="-1"`); after a sign-out made in this tab, to the first field of a `<login-form>` in
 * the fallback (else its first heading or focusable). Only when focus was lost (on `<body>`, or on
 * something hidden or disabled by the change); a polite live region says "Signed in" / "Signed out".
 * Changes from another tab, expiries and background checks never move focus.
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
 *
 * @csspart announcer - The visually hidden live region that announces sign-in and sign-out.
 */
export class SessionGuard extends LitElement {
  static override styles = [contents, visuallyHidden];

  static override properties = props(['roles', 'redirect', 'signedInText', 'signedOutText'], { announcement: STATE });

  /** Space-separated roles; the user's `role` must be one of them. Empty: any signed-in user.
   * @attr roles */
  roles = '';
  /**
   * Navigate here (same-origin only, with a `returnTo` back to this page) when signed out.
   * Present but empty: the provider's `login-url`.
   * @attr redirect
   */
  redirect: string | null = null;
  /** Announced (politely) when a sign-in here moved focus into the guard (default: "Signed in" in the element's language).
   * @attr signed-in-text */
  signedInText = 'Signed in';
  /** Announced (politely) when a sign-out here moved focus into the guard (default: "Signed out" in the element's language).
   * @attr signed-out-text */
  signedOutText = 'Signed out';
  private announcement = '';

  readonly #session = new SessionConsumer(this, { events: { 'session-logout': (e) => this.#onLogout(e) } });
  readonly #internals = this.attachInternals?.(); // missing below the floor: see support.ts
  readonly #l = new Localize(this);
  #root?: Node;
  #stamped: Node[] = [];
  #redirected = false;

  /** What the guard currently shows. */
  get view(): GuardView {
    const state = this.#session.state;
    if (!state || state.status === 'loading') return 'loading';
    if (state.status === 'unauthenticated') return 'fallback';
    const wanted = this.roles.split(/\s+/).filter(Boolean);
    const role = state.user?.role;
    return !wanted.length || (typeof role === 'string' && wanted.includes(role)) ? 'authorized' : 'forbidden';
  }

  protected override render() {
    const view = this.view;
    // An empty name is the default slot's.
    return html`<slot name=${view === 'authorized' ? '' : view}></slot><div part="announcer" class="visually-hidden" role="status">${this.announcement}</div>`;
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    const view = this.view;
    showState(this.#internals, ['loading', 'authorized', 'fallback', 'forbidden'], view);
    this.#stamp(view === 'authorized');
    if (view !== 'fallback') this.#redirected = false;
    else if (this.redirect !== null && !this.#redirected) {
      this.#redirected = true;
      this.#redirectToLogin();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#root?.removeEventListener('login-success', this.#onLogin);
    this.#stamp(false);
  }

  override connectedCallback() {
    super.connectedCallback();
    this.#root = this.getRootNode();
    this.#root.addEventListener('login-success', this.#onLogin);
  }

  // Only what the user just did in this tab: a form's sign-in, a sign-out. Other tabs, expiries and
  // background checks (a cookie session found on load also fires `session-login`) leave focus alone.
  readonly #onLogin = () => void this.#focus(true);
  #onLogout(e: CustomEvent<SessionEventDetails['session-logout']>) {
    if (!e.detail.remote && e.detail.reason === 'logout') void this.#focus(false);
  }

  async #focus(login: boolean) {
    await this.updateComplete;
    const view = this.view;
    if ((login ? view === 'fallback' || view === 'loading' : view !== 'fallback') || !lost(deepActive())) return;
    const shown = (this.renderRoot.querySelector('slot')?.assignedElements() ?? []).filter((el) => !(el instanceof HTMLTemplateElement));
    // Custom elements among them render their insides (a login form's fields) on their first update.
    await Promise.all(shown.map((el) => (el as Partial<LitElement>).updateComplete));
    const find = (sel: string) => shown.map((el) => (el.matches(sel) ? el : el.querySelector(sel))).find(Boolean) as HTMLElement | undefined;
    const target = (!login && find('login-form input:not([readonly])')) || find(`${HEADING},${FOCUSABLE}`) || shown[0];
    if (!(target instanceof HTMLElement) || !lost(deepActive())) return;
    if (!target.matches(FOCUSABLE) && !target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
    this.announcement = this.#l.s[login ? 'signedInText' : 'signedOutText'];
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

/** Focus that the change left nowhere: on the body, or on something it hid or disabled. */
const lost = (el: Element | null) => !el || el === document.body || (el as HTMLButtonElement).disabled === true || !(el.checkVisibility?.() ?? el.getClientRects().length); // checkVisibility: Safari 17.4

declare global {
  interface HTMLElementTagNameMap {
    'session-guard': SessionGuard;
  }
}
