// Type-checked by ../types.test.mjs against the built package, as a TypeScript user would see it.
import 'session-elements';
import type { SessionState } from 'session-elements/core';
import type { LoginForm } from 'session-elements/elements/login-form';
import type { CustomElements } from 'session-elements/types/jsx';
import type {} from 'session-elements/types/svelte';
import type { ComponentProps } from 'react';
import { LoginForm as LoginFormComponent, SessionProvider as SessionProviderComponent, useSession as useReactSession } from 'session-elements/react';
import { useSession as useVueSession } from 'session-elements/vue';

// HTMLElementTagNameMap: querySelector and createElement know the classes.
const provider = document.querySelector('session-provider');
const form: LoginForm | null = document.querySelector('login-form');
document.createElement('session-expiry-warning').open satisfies boolean;

// Event maps: listeners get typed details, on the elements and on the document (events bubble).
provider?.addEventListener('session-change', (e) => {
  const state: SessionState = e.detail;
  // @ts-expect-error the detail is a SessionState, not a string
  const wrong: string = e.detail;
  void state, wrong;
});
form?.addEventListener('login-success', (e) => void (e.detail.user?.email satisfies string | undefined));
document.addEventListener('session-logout', (e) => void (e.detail.reason satisfies 'logout' | 'expired' | 'idle' | 'invalid' | 'revoked'));

// Generated JSX typings (React 19, Preact, …): attributes and typed event handlers.
const props: CustomElements['session-provider'] = {
  'storage-key': 'auth',
  'onsession-change': (e) => void (e.detail.status satisfies 'loading' | 'authenticated' | 'unauthenticated'),
};
// Generated Svelte typings: the global svelteHTML namespace knows the tags.
const svelteProps: svelteHTML.IntrinsicElements['login-form'] = {
  'email-label': 'Work email',
  'onlogin-success': (e) => void e.detail.user,
};
void props, svelteProps;

// session-elements/react: components with typed props and events, useSession() typed.
const formProps: ComponentProps<typeof LoginFormComponent> = {
  mode: 'register',
  emailLabel: 'Work email',
  onLoginSuccess: (e) => void (e.detail.user?.email satisfies string | undefined),
};
// @ts-expect-error mode is `login` or `register`
const badMode: ComponentProps<typeof LoginFormComponent> = { mode: 'signup' };
const providerProps: ComponentProps<typeof SessionProviderComponent> = {
  onSessionChange: (e) => void (e.detail.status satisfies 'loading' | 'authenticated' | 'unauthenticated'),
};
const useReact: () => { state: SessionState | undefined } = useReactSession;
// session-elements/vue: useSession() gives read-only shallow refs.
const useVue = () => useVueSession().state.value?.user satisfies SessionState['user'] | undefined;
void formProps, badMode, providerProps, useReact, useVue;
