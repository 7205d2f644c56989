import { isRevoked } from './http.js';
import type { SessionHost } from './session-host.js';

/**
 * fetch with the session's credentials, only where they belong. A relative URL is the auth
 * server's (`host` + path, as the backends build theirs). The bearer token (or, with cookie
 * transport, `credentials: 'include'`) goes only to the auth server's origin and to `fetchOrigins`;
 * any other URL gets a plain fetch, untouched. On 401/403 it refreshes or re-validates once,
 * retries where a new token was obtained, and the check signs out with reason `invalid` if the
 * server disowns the session. A 403 for a session the server still accepts is returned as is (a permission matter).
 */
export async function authorizedFetch(host: SessionHost, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const { backend, fetchOrigins, transport } = host.config;
  const base = (backend.host ?? '').replace(/\/+$/, '');
  if (typeof input === 'string' && !/^([a-z][\w+.-]*:|\/\/)/i.test(input)) input = `${base}/${input.replace(/^\/+/, '')}`;
  const request = new Request(input, init);
  const origin = (url: string) => new URL(url, location.href).origin;
  // `fetchOrigins` holds canonical origins (see options): a plain comparison.
  if (!`${fetchOrigins} ${origin(base)}`.split(' ').includes(origin(request.url))) return fetch(request);
  const cookie = transport === 'cookie';
  const send = () => {
    const req = new Request(request.clone(), cookie ? { credentials: 'include' } : {});
    const { token } = host.tokens;
    if (!cookie && token) req.headers.set('authorization', `Bearer ${token}`);
    return fetch(req);
  };
  const res = await send();
  if ((res.status !== 401 && res.status !== 403) || host.state.status !== 'authenticated') return res;
  if (isRevoked(res.status, await res.clone().json().catch(() => null))) return host.signOut('revoked'), res;
  if (await host.renew(true)) return send();
  await host.check.run();
  return res;
}
