// Type-checked (not bundled) by run.mjs: the adapter's components have typed props and events.
import { useRef } from 'react';
import type { SessionState } from 'session-elements/core';
import { LoginForm, SessionProvider, SessionUser, useSession } from 'session-elements/react';

export function Typed() {
  const ref = useRef<HTMLDivElement>(null);
  const { state, controller } = useSession(ref);
  const status: 'loading' | 'authenticated' | 'unauthenticated' | undefined = state?.status;
  void controller?.logout();
  return (
    <SessionProvider
      storageKey="auth"
      transport="header"
      onSessionChange={(e) => {
        const s: SessionState = e.detail;
        void s;
      }}
      onSessionLogout={(e) => void (e.detail.reason satisfies string)}
      // @ts-expect-error status is read-only: the element reports it, a prop cannot set it
      status="authenticated"
    >
      <div ref={ref}>{status}</div>
      {/* @ts-expect-error emailLabel takes a string */}
      <LoginForm emailLabel={1} onLoginError={(e) => void e.detail.error} />
      {/* @ts-expect-error mode is login or register */}
      <LoginForm mode="signup" />
      {/* @ts-expect-error a <session-user> fires no login events */}
      <SessionUser onLoginSuccess={() => {}} />
    </SessionProvider>
  );
}
