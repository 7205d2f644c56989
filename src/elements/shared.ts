import type { PropertyDeclarations } from 'lit';
import { SessionError, warnHint } from '../core/errors.js';
import { sameOriginUrl } from '../core/safe-url.js';
import type { SessionEventDetails, SessionUser } from '../core/types.js';

/** Details of the events the elements fire (besides the session events in `SessionEventDetails`). */
export interface ElementEventDetails {
  'login-success': { user: SessionUser | null };
  'login-error': { error: unknown };
  /** Cancelable: `preventDefault()` and route to `url` yourself (an SPA router), instead of `location.assign`. */
  'session-redirect': { url: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'session-change': CustomEvent<SessionEventDetails['session-change']>;
    'session-login': CustomEvent<SessionEventDetails['session-login']>;
    'session-logout': CustomEvent<SessionEventDetails['session-logout']>;
    'session-expiring': CustomEvent<SessionEventDetails['session-expiring']>;
    'session-refresh': CustomEvent<SessionEventDetails['session-refresh']>;
    'session-error': CustomEvent<SessionEventDetails['session-error']>;
    'login-success': CustomEvent<ElementEventDetails['login-success']>;
    'login-error': CustomEvent<ElementEventDetails['login-error']>;
    'session-redirect': CustomEvent<ElementEventDetails['session-redirect']>;
  }
}

type Details = SessionEventDetails & ElementEventDetails;

/** Fires a bubbling, composed event; returns it so callers can honour `defaultPrevented`. */
export function emit<K extends keyof Details>(el: EventTarget, type: K, detail: Details[K], cancelable = false) {
  const e = new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
  el.dispatchEvent(e);
  return e;
}

/** A `config` error from an element: `hint` says what to fix (logged once). */
export function configError(el: EventTarget, hint: string) {
  const error = new SessionError('config', hint);
  warnHint(error);
  emit(el, 'session-error', { error });
}

/** `target` as a same-origin URL, or null after a `config` error: no open redirects. */
export function safeUrl(el: EventTarget, target: string, what: string): URL | null {
  const url = sameOriginUrl(target);
  if (!url) configError(el, `${what} must be a same-origin URL; ignored`);
  return url;
}

/** Navigates unless a `session-redirect` listener takes over (SPA routers). */
export function navigate(el: EventTarget, url: URL) {
  if (!emit(el, 'session-redirect', { url: url.href }, true).defaultPrevented) location.assign(url.href);
}

/** Of the custom states `all`, sets `current` (`:state(…)` in CSS) and clears the others. */
export function showState(internals: ElementInternals | undefined, all: readonly string[], current: string) {
  try {
    for (const s of all) internals?.states?.[s === current ? 'add' : 'delete'](s); // none: Safari < 17.4, Firefox < 126
  } catch {
    // Chrome before 125 takes only "--name" states and throws on these: no states there.
  }
}

/** The focused element, looking into shadow roots. */
export function deepActive(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** An internal reactive property (Lit gives it no attribute). */
export const STATE = { state: true };

/**
 * Lit declarations of `names`, each observing its kebab-case attribute (`storageKey` ↔
 * `storage-key`) plus its entry in `more`, and the rest of `more` as written. The manifest analyzer
 * does not run this: each such field has an `@attr` tag that names its attribute.
 */
export function props(names: readonly string[], more: PropertyDeclarations = {}): PropertyDeclarations {
  const all = { ...more };
  for (const name of names) all[name] = { attribute: name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), ...more[name] };
  return all;
}
