// One page for the OIDC tests, configured from the query string (kept across the redirect by
// `returnTo`): `mode=backend` exposes the backend and a BackendContext for protocol-level tests,
// otherwise a SessionController with the oidc backend runs, every event recorded.
import { SessionController, oidc } from '../../src/core/index.js';
import { request } from '../../src/core/http.js';

// The callback URL is the bare redirect URI: the test's query string is kept for it in this tab.
let q = new URLSearchParams(location.search);
if (q.has('issuer')) sessionStorage.setItem('test-config', q.toString());
else q = new URLSearchParams(sessionStorage.getItem('test-config') ?? '');
const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
const backend = oidc({
  issuer: q.get('issuer')!,
  clientId: q.get('client') ?? 'session-elements',
  redirectUri: location.origin + location.pathname,
  userinfo: q.get('userinfo') !== 'off',
  postLogoutRedirectUri: q.get('endSession') === 'off' ? false : undefined,
});
const ctx = (token: string | null = null, refreshToken: string | null = null) => ({
  token,
  refreshToken,
  transport: 'header' as const,
  signal: new AbortController().signal,
  strategy: 'oidc',
  request: (url: string, init?: RequestInit) => request(url, init ?? {}, 10_000),
});
const plain = (e: any) => ({ name: e?.name, code: e?.code, status: e?.status, message: String(e?.hint ?? e?.message ?? e) });
Object.assign(window, { backend, ctx, plain });

if (q.get('mode') !== 'backend') {
  const session = new SessionController({
    backend,
    storage: (q.get('storage') as 'local') ?? 'local',
    checkInterval: num('checkInterval') ?? 0,
    refreshBefore: num('refreshBefore'),
    warnBefore: num('warnBefore'),
  });
  const events: { type: string; detail: unknown; at: number }[] = [];
  for (const type of ['session-login', 'session-logout', 'session-refresh', 'session-error'])
    session.addEventListener(type, (e) => {
      const d = (e as CustomEvent).detail;
      events.push({ type, detail: d?.error ? plain(d.error) : d, at: Date.now() });
    });
  Object.assign(window, { session, events, started: session.start().then(() => true, (e) => plain(e)) });
}
