import { isRevoked } from './http.js';
import type { SessionHost } from './session-host.js';

/**
 * fetch with the session's credentials. On 401/403 it refreshes or re-validates once, retries
 * where a new token was obtained, and the check signs out with reason `invalid` if the server
 * disowns the session. A 403 for a session the server still accepts is returned as is (a permission matter).
 */
export async function authorizedFetch(host: SessionHost, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const base = new Request(input, init);
  const cookie = host.config.transport === 'cookie';
  const send = () => {
    const req = new Request(base.clone(), cookie ? { credentials: 'include' } : {});
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
