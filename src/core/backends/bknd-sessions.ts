import { SessionError } from '../errors.js';
import { httpError, jsonObject } from '../http.js';
import { chunk, once } from '../runtime.js';
import { REFRESH_COOKIE } from '../session-store.js';
import type { AuthResult, BackendContext, SessionBackend } from '../types.js';

/** How the Bknd backend builds a request's init (credentials, JSON headers, the bearer token). */
export type BkndInit = (ctx: BackendContext, extra?: RequestInit) => RequestInit;

/** The plugin's calls: a sibling chunk, fetched once a session has a refresh token or a page manages sessions. */
const api = chunk(() => import('./bknd-sessions-api.js'), 'sessions');
const preload = () => void api().catch(() => {});

/**
 * What the `session-elements/bknd` plugin adds to a sign-in or refresh answer: its refresh token
 * (header transport), or `refresh_cookie: true` when the token went into an httpOnly cookie (cookie
 * transport; the page keeps only the word that it is there). Plain Bknd adds neither.
 */
export function renewalOf(body: Record<string, any>): Pick<AuthResult, 'refreshToken'> {
  const refreshToken = typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : body.refresh_cookie === true ? REFRESH_COOKIE : undefined;
  // Here before the first refresh, so it works offline and after a deploy replaced the chunk.
  if (refreshToken) preload();
  return { refreshToken };
}

/**
 * Gives the Bknd backend what the sessions plugin serves: refresh, `logout({ scope })`, the
 * session list. A session is renewable only with a refresh token (`refreshNeedsToken`), so a Bknd
 * page without the plugin never calls these nor downloads their chunk.
 */
export function withSessions(backend: SessionBackend, base: string, init: BkndInit): SessionBackend {
  type Calls = ReturnType<typeof import('./bknd-sessions-api.js').sessionCalls>;
  const calls = once(() => api().then((m) => m.sessionCalls({ SessionError, httpError, jsonObject, renewalOf }, base, init, backend.logout)));
  const lazy = <K extends keyof Calls>(name: K) => ((...args: never[]) => calls().then((c) => (c[name] as (...a: never[]) => unknown)(...args))) as Calls[K];
  const scoped = lazy('logout');
  return {
    ...backend,
    refreshNeedsToken: true,
    me: (ctx) => (ctx.refreshToken && preload(), backend.me(ctx)),
    // A plain sign-out stays Bknd's own, with no chunk to fetch.
    logout: (ctx, o) => (!o?.scope || o.scope === 'local' ? backend.logout(ctx) : scoped(ctx, o)),
    refresh: lazy('refresh'),
    sessions: lazy('sessions'),
    revokeSession: lazy('revokeSession'),
  };
}
