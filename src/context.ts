import { ContextEvent, createContext, type Context } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionController } from './core/controller.js';
import type { SessionEventDetails, SessionEventName, SessionState } from './core/types.js';

// Registered symbols, so two copies of the library on one page (npm + CDN) still find each other.
/** Immutable `SessionState` snapshots from the nearest `<session-provider>`: a new object per change. */
export const sessionStateContext = createContext<SessionState | undefined>(Symbol.for('session-elements:state'));
/** The nearest provider's `SessionController`; a new one only when the provider is reconfigured. */
export const sessionControllerContext = createContext<SessionController | undefined>(Symbol.for('session-elements:controller'));

export interface SessionConsumerCallbacks {
  /** Called with every state snapshot, synchronously (before the host re-renders). */
  state?: (state: SessionState | undefined) => void;
  /** Called with the provider's controller, and again whenever the provider is reconfigured. */
  controller?: (controller: SessionController | undefined) => void;
  /** Listeners kept on the provider's controller while connected (moved when the controller changes). */
  events?: { [K in SessionEventName]?: (e: CustomEvent<SessionEventDetails[K]>) => void };
}

/**
 * Gives any element the session of its nearest `<session-provider>` (context protocol, subscribed):
 *
 * ```ts
 * #session = new SessionConsumer(this);
 * render() { return html`Hi ${this.#session.state?.user?.email}`; }
 * ```
 * A Lit host re-renders on every change. On a plain `HTMLElement`, call `hostConnected()` and
 * `hostDisconnected()` from its callbacks and pass `callbacks` to hear about changes.
 * `state` and `controller` stay undefined until a provider answers.
 */
export class SessionConsumer implements ReactiveController {
  /** The current state snapshot. */
  state?: SessionState;
  /** The provider's controller: call `login`, `logout`, `fetch`… on it. */
  controller?: SessionController;
  readonly #host: HTMLElement & Partial<ReactiveControllerHost>;
  readonly #unsubscribe = new Map<Context<unknown, unknown>, () => void>();
  // Stable identities: a provider (and ContextRoot) dedupes a re-connecting consumer by its callback.
  readonly #onController;
  readonly #onState;
  readonly #events: [string, EventListener][];
  #listening?: SessionController;

  constructor(host: HTMLElement & Partial<ReactiveControllerHost>, callbacks: SessionConsumerCallbacks = {}) {
    this.#host = host;
    this.#events = Object.entries(callbacks.events ?? {}) as [string, EventListener][];
    this.#onController = this.#receiver(sessionControllerContext, (c) => {
      this.controller = c;
      this.#listen(c);
      callbacks.controller?.(c);
    });
    this.#onState = this.#receiver(sessionStateContext, (s) => {
      this.state = s;
      callbacks.state?.(s);
    });
    host.addController?.(this);
  }

  hostConnected() {
    // The controller first, so it is there when `callbacks.state` sees the first state.
    this.#host.dispatchEvent(new ContextEvent(sessionControllerContext, this.#host, this.#onController, true));
    this.#host.dispatchEvent(new ContextEvent(sessionStateContext, this.#host, this.#onState, true));
  }

  hostDisconnected() {
    for (const off of this.#unsubscribe.values()) off();
    this.#unsubscribe.clear();
    this.#listen(undefined);
  }

  #listen(controller: SessionController | undefined) {
    for (const [type, fn] of this.#events) {
      this.#listening?.removeEventListener(type, fn);
      controller?.addEventListener(type, fn);
    }
    this.#listening = controller;
  }

  #receiver<T>(context: Context<unknown, T>, set: (value: T) => void) {
    return (value: T, unsubscribe?: () => void) => {
      const before = this.#unsubscribe.get(context);
      // Another provider answering (one was inserted closer to us): leave the old one.
      if (before && before !== unsubscribe) before();
      if (unsubscribe) this.#unsubscribe.set(context, unsubscribe);
      set(value);
      this.#host.requestUpdate?.();
    };
  }
}
