import type { Kit } from '../kit.js';
import type { AuthResult, BackendContext, HttpResult, LogoutScope, SessionBackend, SessionInfo } from '../types.js';
import type { BkndInit, renewalOf } from './bknd-sessions.js';

const NO_PLUGIN = "add sessions() from session-elements/bknd to the Bknd app's plugins";

type Core = Pick<Kit, 'SessionError' | 'httpError' | 'jsonObject'> & { renewalOf: typeof renewalOf };

/**
 * The calls of the `session-elements/bknd` plugin (a sibling chunk: see `withSessions`). It takes
 * what it uses of the core as arguments and imports only types, so bundlers keep the core one
 * file (see `kit.ts`).
 */
export function sessionCalls({ SessionError, httpError, jsonObject, renewalOf }: Core, base: string, init: BkndInit, bkndLogout: SessionBackend['logout']) {
  /** A management call's answer: a 404 that is not the plugin's own means the plugin is missing. */
  const send = async (ctx: BackendContext, path: string, what: string, extra?: RequestInit, body?: unknown): Promise<HttpResult> => {
    const res = await ctx.request(base + path, init(ctx, { ...extra, body: body === undefined ? undefined : JSON.stringify(body) }));
    if (res.ok || (res.status === 404 && res.data?.error === 'not_found')) return res;
    if (res.status === 404) throw new SessionError('config', "Sessions can't be managed here", 404, { hint: `${what}: ${base}${path} answered 404: ${NO_PLUGIN}` });
    if (res.status === 401 || res.status === 403) throw new SessionError('invalid-token', 'Sign in again to manage your sessions', res.status);
    throw httpError(res, 'server', what);
  };

  return {
    /**
     * `POST /refresh`: the refresh token in JSON, or (cookie transport) an empty body with the
     * cookie. Only 401 and 400 `invalid_grant` mean the refresh token is dead; 503 (the store is
     * down) and other 5xx keep the session; other 4xx are setup problems.
     */
    async refresh(ctx: BackendContext): Promise<AuthResult> {
      const cookie = ctx.transport === 'cookie';
      if (!cookie && !ctx.refreshToken) throw new SessionError('invalid-token', 'No refresh token', 401);
      // No bearer token: the access token may be expired, and the refresh token is the credential here.
      const res = await ctx.request(`${base}/refresh`, init({ ...ctx, token: null }, { method: 'POST', body: JSON.stringify(cookie ? {} : { refresh_token: ctx.refreshToken }) }));
      if (res.status === 401 || (res.status === 400 && res.data?.error === 'invalid_grant'))
        throw new SessionError('invalid-token', 'Your session ended. Please sign in again.', res.status, { hint: `The server refused the refresh token (${res.data?.error ?? res.status})` });
      if (res.status === 404) throw new SessionError('config', 'Your session cannot be renewed', 404, { hint: `POST ${base}/refresh answered 404: ${NO_PLUGIN}` });
      if (res.status >= 400 && res.status < 500) throw new SessionError('config', 'Your session cannot be renewed', res.status, { hint: `POST ${base}/refresh answered ${res.status} ${res.data?.error ?? ''} (a cookie refresh from an origin the server does not allow is 403)` });
      if (!res.ok) throw httpError(res, 'server', 'Refresh');
      const body = jsonObject(res, 'Refresh');
      if (typeof body.token !== 'string') throw new SessionError('server', 'Refresh: the server sent no token', res.status);
      return { token: body.token, ...renewalOf(body) };
    },

    /** `GET /sessions`: entries that are not sessions are left out; times are epoch milliseconds. */
    async sessions(ctx: BackendContext): Promise<SessionInfo[]> {
      const list = jsonObject(await send(ctx, '/sessions', 'Listing sessions'), 'Listing sessions').sessions;
      if (!Array.isArray(list)) throw new SessionError('server', "Listing sessions: the server's answer has no list", 200);
      const time = (t: unknown) => (Number.isFinite(t) ? (t as number) : null);
      return list
        .filter((s) => s && (typeof s.id === 'string' || typeof s.id === 'number'))
        .map((s) => ({
          id: String(s.id), current: s.current === true, createdAt: time(s.createdAt) ?? 0, lastUsedAt: time(s.lastUsedAt) ?? time(s.createdAt) ?? 0,
          expiresAt: time(s.expiresAt), device: typeof s.device === 'string' ? s.device : '',
        }));
    },

    /** `DELETE /sessions/:id`. One that is already gone (404 `not_found`) counts as ended. */
    async revokeSession(id: string, ctx: BackendContext): Promise<void> {
      if (typeof id !== 'string' || !id) throw new SessionError('config', 'revokeSession needs a session id');
      await send(ctx, `/sessions/${encodeURIComponent(id)}`, 'Ending a session', { method: 'DELETE' });
    },

    /**
     * `others`: `POST /sessions/revoke` ends every other session of the user (this one stays).
     * `global`: that for all of them while this token still counts, then Bknd's own logout clears its cookies.
     */
    async logout(ctx: BackendContext, options?: { scope?: LogoutScope }): Promise<void> {
      const scope = options?.scope;
      try {
        if (scope === 'others' || scope === 'global') await send(ctx, '/sessions/revoke', 'Signing out other sessions', { method: 'POST' }, { scope });
      } finally {
        if (scope !== 'others') await bkndLogout(ctx);
      }
    },
  };
}
