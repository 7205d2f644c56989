import { useState } from 'react';
import { bknd, type SessionBackend } from 'session-elements/core';

// Created once: the element gets this very object.
const backend = bknd({ host: '' });

/**
 * React 19 sets a property only when the element already has it at render time; on an element
 * defined later (CDN, lazy import) it sets an attribute instead, so an object arrives as
 * "[object Object]" and `emailLabel` as a lowercased `emaillabel` attribute. Hence a ref callback
 * for objects (Lit keeps a property set before the upgrade) and attribute names for strings.
 */
const setBackend = (el: { backend: string | SessionBackend } | null) => {
  if (el) el.backend = backend;
};

export function App() {
  const [emailLabel] = useState('Work email');
  const [email, setEmail] = useState('');
  const [signedInAs, setSignedInAs] = useState('');
  // For the driver, which compares these with what reached the elements.
  window.__interop = { ...window.__interop, getBackend: () => backend, getEmailLabel: () => emailLabel };
  return (
    // on<event-name>: React 19 adds a listener for any custom event named after "on".
    <session-provider ref={setBackend} onsession-change={(e) => setEmail(e.detail.user?.email ?? '')}>
      <p id="fw-user">{email || 'signed out'}</p>
      <p id="fw-login">{signedInAs}</p>
      <session-guard>
        <div id="protected">
          Signed in as <session-user field="email"></session-user> <logout-button></logout-button>
        </div>
        <login-form slot="fallback" email-label={emailLabel} onlogin-success={(e) => setSignedInAs(e.detail.user?.email ?? '')}></login-form>
      </session-guard>
    </session-provider>
  );
}
