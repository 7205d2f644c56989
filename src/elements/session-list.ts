import type { SessionListView } from './session-list-view.js';

// Node (SSR) has no HTMLElement, and Lit's registry shim takes any class: the package must import there.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * The signed-in user's sessions, where the backend can list them (Bknd with the
 * `session-elements/bknd` plugin, or any backend with `sessions()` and `revokeSession(id)`):
 * device, last active, "this device", **Sign out** for each other session and **Sign out of all
 * other devices**. A labelled list; after a row goes away focus moves to the next row's button
 * (else the previous one, else the heading) and a status line says what happened. With a backend
 * that cannot list sessions it says so. Shows nothing while signed out.
 *
 * This class is a small stub in the main file: the list itself (its rendering, relative times,
 * the calls) is a sibling chunk loaded when the first `<session-list>` connects.
 *
 * @summary The user's signed-in devices, with sign-out for each.
 *
 * @attr heading - The list's heading (default "Where you’re signed in").
 * @attr heading-level - Level of the heading, 1–6 (default 2).
 * @attr current-label - Badge of the session in this browser (default "This device").
 * @attr last-active-label - `{time}` is a relative time in the page's language (default "Last active {time}").
 * @attr sign-out-label - Text of each row's button (default "Sign out").
 * @attr sign-out-session-label - Accessible name of each row's button (default "Sign out {device}").
 * @attr sign-out-others-label - Text of the button that ends every other session (default "Sign out of all other devices").
 * @attr loading-text - Shown while the list loads.
 * @attr empty-text - Shown when no other device is signed in.
 * @attr unsupported-text - Shown when the backend cannot list sessions.
 * @attr error-text - Shown when the list could not be loaded (with a retry button).
 * @attr sign-out-error-text - Said when a sign-out failed (the rows stay).
 * @attr retry-label - Text of the retry button (default "Try again").
 * @attr unknown-device - Device label of a session the server could not name.
 * @attr signed-out-text - Said (status line) after one session was ended; `{device}`.
 * @attr signed-out-others-text - Said after "Sign out of all other devices"; `{n}` is how many.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart status - The polite status line (loading, empty, errors, what was signed out).
 * @csspart list - The `<ul>`.
 * @csspart item - Each `<li>`; the current session's also has part `current`.
 * @csspart device - The device label.
 * @csspart badge - The "This device" badge.
 * @csspart last-active - The "Last active …" text (a `<time>`).
 * @csspart button - Every button; also `sign-out`, `sign-out-others` or `retry`.
 *
 * @cssproperty --session-accent-color - Focus ring and primary button color.
 * @cssproperty --session-color-scheme - `color-scheme` of the element (default: inherited from the page).
 * @cssproperty --session-radius - Corner radius.
 * @cssproperty --session-gap - Space between rows.
 *
 * @fires session-error - `detail.error`: the list could not be loaded or a session not ended
 *   (`config` when the backend cannot list sessions).
 */
export class SessionList extends Base {
  #view?: Promise<SessionListView>;

  connectedCallback() {
    // The view watches this element's attributes itself, so the stub stays this small.
    // A chunk that could not load (offline) is asked for again on the next connect.
    (this.#view ??= import('./session-list-view.js').then((m) => new m.SessionListView(this))).then((v) => this.isConnected && v.connect(), () => (this.#view = undefined));
  }

  disconnectedCallback() {
    void this.#view?.then((v) => this.isConnected || v.disconnect());
  }

  /** Loads the list from the server again. */
  async reload(): Promise<void> {
    await (await this.#view)?.reload();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-list': SessionList;
  }
}
