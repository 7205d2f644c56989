import { useMemo } from 'react';
import { ClientProvider, useApi, useAuth, useEntityQuery } from 'bknd/client';
import { bknd } from 'session-elements/core';
import { LoginForm, LogoutButton, SessionGuard, SessionProvider, useSession } from 'session-elements/react';

// `?bknd=<host>`: Bknd's own React client beside the elements, both on a Bknd server of another
// site (its cookie never comes back from this page: only a token the Api holds can read `posts`).

/** Bknd's hooks: who its Api thinks is signed in, and a protected entity read with its token. */
function BkndView() {
  const { user, login, logout } = useAuth();
  const posts = useEntityQuery('posts', undefined, undefined, { enabled: !!user });
  return (
    <section>
      <p id="bk-user">{user?.email ?? 'signed out'}</p>
      {/* SWR keeps the previous data while disabled: show it only while Bknd's client has a user. */}
      <p id="bk-posts">{!user ? 'none' : posts.error ? 'refused' : (posts.data?.map((p) => p.title).join(', ') ?? 'loading')}</p>
      <button id="bk-login" onClick={() => login({ email: 'demo@example.com', password: 'demo-password' })}>Api login</button>
      <button id="bk-logout" onClick={() => logout()}>Api logout</button>
    </section>
  );
}

function Elements({ host }: { host: string }) {
  const api = useApi();
  // One backend per Api: the elements and Bknd's client then share every sign-in and sign-out.
  const backend = useMemo(() => bknd({ host, api }), [host, api]);
  window.__interop = { ...window.__interop, api }; // the driver reads `posts` through it
  return (
    <SessionProvider backend={backend}>
      <Hook />
      <SessionGuard>
        <p id="protected">Signed in <LogoutButton /></p>
        <LoginForm slot="fallback" />
      </SessionGuard>
      <BkndView />
    </SessionProvider>
  );
}

function Hook() {
  const { state } = useSession();
  return <p id="fw-hook">{state ? state.user?.email ?? 'signed out' : 'no provider yet'}</p>;
}

export function BkndApp({ host }: { host: string }) {
  return (
    <ClientProvider baseUrl={host}>
      <Elements host={host} />
    </ClientProvider>
  );
}
