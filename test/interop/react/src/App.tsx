import { useRef, useState } from 'react';
import { bknd } from 'session-elements/core';
import { LoginForm, LogoutButton, SessionGuard, SessionProvider, SessionUser, useSession } from 'session-elements/react';

// Created once: the element gets this very object.
const backend = bknd({ host: '' });
// Every event the components reported, in order, for the driver.
const heard: string[] = [];

/** useSession() below <SessionProvider>: re-renders on each new state; the controller acts. */
function Account() {
  const { state, controller } = useSession();
  return (
    <p>
      <span id="fw-hook">{state ? state.user?.email ?? 'signed out' : 'no provider yet'}</span>{' '}
      <button id="fw-leave" disabled={state?.status !== 'authenticated'} onClick={() => controller?.logout()}>
        Leave
      </button>
    </p>
  );
}

/** useSession(ref): asks from an element of this component, the way it works under a plain <session-provider> tag. */
function Status() {
  const ref = useRef<HTMLSpanElement>(null);
  const { state } = useSession(ref);
  return <span id="fw-status" ref={ref}>{state?.status}</span>;
}

export function App() {
  const [emailLabel] = useState('Work email');
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [signedInAs, setSignedInAs] = useState('');
  // For the driver, which compares these with what reached the elements.
  window.__interop = { ...window.__interop, heard, getBackend: () => backend, getEmailLabel: () => emailLabel };
  return (
    <SessionProvider
      backend={backend}
      onSessionChange={(e) => setEmail(e.detail.user?.email ?? '')}
      onSessionLogin={(e) => heard.push(`session-login ${e.detail.user?.email}`)}
      onSessionLogout={(e) => heard.push(`session-logout ${e.detail.reason}`)}
    >
      <p id="fw-user">{email || 'signed out'}</p>
      <p id="fw-login">{signedInAs}</p>
      <Account />
      <Status />
      <button id="fw-mode" onClick={() => setMode(mode === 'login' ? 'register' : 'login')}>
        {mode === 'login' ? 'New here?' : 'Have an account?'}
      </button>
      <SessionGuard>
        <div id="protected">
          Signed in as <SessionUser field="email" /> <LogoutButton />
        </div>
        <LoginForm
          slot="fallback"
          mode={mode}
          emailLabel={emailLabel}
          onLoginSuccess={(e) => {
            heard.push(`login-success ${e.detail.user?.email}`);
            setSignedInAs(e.detail.user?.email ?? '');
          }}
        />
      </SessionGuard>
    </SessionProvider>
  );
}
