/**
 * `session-elements/react`: every element as a React component (through `@lit/react`), and
 * `useSession()`. Importing it defines the elements. Not part of the CDN file.
 *
 * ```tsx
 * <SessionProvider backend={backend} onSessionChange={(e) => setUser(e.detail.user)}>
 *   <LoginForm mode="register" onLoginSuccess={(e) => navigate('/')} />
 * </SessionProvider>
 * ```
 */
import { createContext, createElement, forwardRef, useContext, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { ContextEvent, type Context } from '@lit/context';
import type { LitElement } from 'lit';
import './define.js';
import { sessionControllerContext, sessionStateContext } from './context.js';
import type { SessionController } from './core/controller.js';
import { SessionError } from './core/errors.js';
import type { SessionEventDetails, SessionState } from './core/types.js';
import type { ElementEventDetails } from './elements/shared.js';
import { LoginButton as LoginButtonElement } from './elements/login-button.js';
import { LoginForm as LoginFormElement } from './elements/login-form.js';
import { LogoutButton as LogoutButtonElement } from './elements/logout-button.js';
import { SessionExpiryWarning as SessionExpiryWarningElement } from './elements/session-expiry-warning.js';
import { SessionGuard as SessionGuardElement } from './elements/session-guard.js';
import { SessionProvider as SessionProviderElement } from './elements/session-provider.js';
import { SessionUserElement } from './elements/session-user.js';

type Details = SessionEventDetails & ElementEventDetails;
type On<K extends keyof Details> = EventName<CustomEvent<Details[K]>>;
type IfWritable<I, K extends keyof I> = (<T>() => T extends Pick<I, K> ? 1 : 2) extends <T>() => T extends { -readonly [P in K]: I[P] } ? 1 : 2 ? K : never;
/** The element's settable data properties, as props: no methods, read-only getters or Lit internals. */
export type ElementProps<I> = {
  [K in Exclude<keyof I, keyof LitElement> as I[K] extends (...args: never[]) => unknown ? never : IfWritable<I, K>]?: I[K];
};
/** `onLoginSuccess` and the like, each with its event's typed `detail`. */
export type EventProps<E> = { [K in keyof E]?: E[K] extends EventName ? (e: E[K]['__eventType']) => void : never };
/** A React component for an element of class `I` that fires the events `E`. */
export type ElementComponent<I extends HTMLElement, E> = React.ForwardRefExoticComponent<
  Omit<React.HTMLAttributes<I>, keyof E | keyof ElementProps<I>> & EventProps<E> & ElementProps<I> & React.RefAttributes<I>
>;

// What an element and what is inside it fire (the events bubble and are composed).
const FORM = {
  onLoginSuccess: 'login-success' as On<'login-success'>,
  onLoginError: 'login-error' as On<'login-error'>,
  onSessionError: 'session-error' as On<'session-error'>,
  onSessionRedirect: 'session-redirect' as On<'session-redirect'>,
};
const PROVIDER = {
  ...FORM,
  onSessionChange: 'session-change' as On<'session-change'>,
  onSessionLogin: 'session-login' as On<'session-login'>,
  onSessionLogout: 'session-logout' as On<'session-logout'>,
  onSessionExpiring: 'session-expiring' as On<'session-expiring'>,
  onSessionRefresh: 'session-refresh' as On<'session-refresh'>,
};

/**
 * A React component for `tagName`. Props the element has are set as properties (objects too);
 * `attrs` are also written as attributes, because React 19 and `@lit/react` set them as properties
 * only, and CSS selects on them (`login-form[mode=register]`).
 */
function component<I extends HTMLElement, E extends Record<string, EventName>>(
  tagName: string, elementClass: new () => I, events = {} as E, attrs: (keyof I & string)[] = [],
): ElementComponent<I, E> {
  // The class actually defined (a CDN copy may have come first): its prototype tells props from attributes.
  elementClass = (globalThis.customElements?.get(tagName) as typeof elementClass | undefined) ?? elementClass;
  const Inner = createComponent({ react: React, tagName, elementClass, events });
  if (!attrs.length) return Inner as ElementComponent<I, E>;
  const Outer = forwardRef<I, Record<string, unknown>>((props, ref) => {
    const el = useRef<I>(null);
    useImperativeHandle(ref, () => el.current!, []);
    // Runs after Inner's layout effect has set the properties: the attribute then agrees with them.
    useLayoutEffect(() => {
      for (const name of attrs) {
        const value = props[name];
        if (value == null) el.current?.removeAttribute(name);
        else el.current?.setAttribute(name, String(value));
      }
    });
    return createElement(Inner as React.ElementType, { ...props, ref: el });
  });
  Outer.displayName = elementClass.name;
  return Outer as unknown as ElementComponent<I, E>;
}

// The provider element of the nearest <SessionProvider>, for useSession() without a ref.
const ProviderElement = createContext<RefObject<SessionProviderElement | null> | null>(null);
const Provider = component('session-provider', SessionProviderElement, PROVIDER);

/** `<session-provider>`: `backend`, `storage` and every option as props; `onSession…` events. */
export const SessionProvider: typeof Provider = forwardRef((props, ref) => {
  const el = useRef<SessionProviderElement>(null);
  useImperativeHandle(ref, () => el.current!, []);
  return createElement(ProviderElement.Provider, { value: el }, createElement(Provider, { ...props, ref: el }));
});
SessionProvider.displayName = 'SessionProvider';
/** `<session-guard>`. */
export const SessionGuard = component('session-guard', SessionGuardElement, FORM);
/** `<session-expiry-warning>`. */
export const SessionExpiryWarning = component('session-expiry-warning', SessionExpiryWarningElement, FORM);
/** `<login-form>`; `mode` is also an attribute (`login-form[mode=register]`). */
export const LoginForm = component('login-form', LoginFormElement, FORM, ['mode']);
/** `<login-button>`; `strategy` is also an attribute. */
export const LoginButton = component('login-button', LoginButtonElement, { onLoginError: FORM.onLoginError }, ['strategy']);
/** `<session-user>`; `field` is also an attribute. */
export const SessionUser = component('session-user', SessionUserElement, {}, ['field']);
/** `<logout-button>`. */
export const LogoutButton = component('logout-button', LogoutButtonElement);
// Each further element is one line (and its import), e.g. for <session-list>:
// export const SessionList = component('session-list', SessionListElement, { onSessionError: FORM.onSessionError });

export interface UseSession {
  /** The current `SessionState` snapshot; undefined until a provider answers. */
  state: SessionState | undefined;
  /** The provider's `SessionController` (`login`, `logout`, `fetch`…); undefined until a provider answers. */
  controller: SessionController | undefined;
}

/**
 * The session of the nearest provider, over the context protocol; the component re-renders on
 * every new state snapshot. Below a `<SessionProvider>` no argument is needed; under a plain
 * `<session-provider>` tag pass a ref to an element of this component that is inside it.
 */
export function useSession(ref?: RefObject<Element | null>): UseSession {
  const provider = useContext(ProviderElement);
  if (!ref && !provider) {
    throw new SessionError('config', undefined, undefined, {
      hint: 'useSession() found no session provider: call useSession() inside a <SessionProvider> from session-elements/react, or pass it a ref to an element inside a <session-provider>',
    });
  }
  const [session, setSession] = useState<UseSession>({ state: undefined, controller: undefined });
  useEffect(() => {
    // A ref'd element asks from its place in the DOM; otherwise the provider element itself is
    // asked, on behalf of a detached element (a provider does not answer its own requests).
    const from = ref?.current ?? provider?.current;
    if (!from) {
      throw new SessionError('config', undefined, undefined, {
        hint: 'useSession() has no element to ask from: the ref passed to useSession() is empty after render; put it on an element this component renders inside the provider',
      });
    }
    const consumer = ref?.current ?? document.createElement('span');
    const ask = <T>(context: Context<unknown, T>, key: keyof UseSession) => {
      // The cleanup holds the callback strongly: a waiting request is kept by ContextRoot only weakly.
      const sub = {
        off: undefined as (() => void) | undefined,
        got: (value: T, unsubscribe?: () => void) => {
          if (sub.off && sub.off !== unsubscribe) sub.off(); // a closer provider took over
          sub.off = unsubscribe;
          setSession((s) => (s[key] === value ? s : { ...s, [key]: value }));
        },
      };
      from.dispatchEvent(new ContextEvent(context, consumer, sub.got, true));
      return () => sub.off?.();
    };
    const offs = [ask(sessionControllerContext, 'controller'), ask(sessionStateContext, 'state')];
    return () => offs.forEach((off) => off());
  }, [ref, provider]);
  return session;
}
