import { SessionError } from '../errors.js';
import { httpError, jsonObject } from '../http.js';
import type { AuthResult, BackendContext, BackendLink, Credentials, SessionBackend } from '../types.js';
import { renewalOf, withSessions } from './bknd-sessions.js';
import { userOf } from './shared.js';

export interface BkndBackendOptions {
  /** Base URL of the Bknd server; '' is the page's origin. */
  host?: string;
  /**
   * Bknd's own client (`new Api(…)` from `bknd/client`, or `useApi()` under its React
   * `ClientProvider`): it gets every token change of the session before any event fires, and its
   * own `login`/`logout` are the session's, in every tab. With or without its `storage`.
   */
  api?: BkndApi;
}

/** What the library uses of Bknd's `Api` (`bknd/client`, 0.20 and 0.21). */
export interface BkndApi {
  getAuthState(): { token?: string };
  // Method syntax: Bknd's own callback takes its full AuthState, which this shape accepts.
  options: { onAuthStateChange?(state: { token?: string }): void };
  updateToken(token: string | undefined, options?: { rebuild?: boolean; verified?: boolean; trigger?: boolean }): void;
}

/**
 * A real Bknd server (0.20). Facts that differ from its docs: `/api/auth/me` answers 403 for an
 * expired or unknown token, logout is a GET that needs `Accept: application/json` (else it
 * redirects), and there is no refresh endpoint: a token with `exp` ends hard, unless the server
 * runs the `session-elements/bknd` plugin (see `withSessions`).
 */
export function bknd({ host = '', api }: BkndBackendOptions = {}): SessionBackend {
  const base = `${host.replace(/\/+$/, '')}/api/auth`;
  const init = (ctx: BackendContext, extra: RequestInit = {}): RequestInit => ({
    ...extra,
    credentials: ctx.transport === 'cookie' ? 'include' : 'same-origin',
    headers: {
      accept: 'application/json',
      ...(extra.body ? { 'content-type': 'application/json' } : {}),
      ...(ctx.transport === 'header' && ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}),
    },
  });

  const authenticate = async (action: 'login' | 'register', c: Credentials, ctx: BackendContext): Promise<AuthResult> => {
    // `?transport=cookie` asks the sessions plugin (if any) for an httpOnly refresh cookie instead of a JSON refresh token.
    const res = await ctx.request(`${base}/${encodeURIComponent(ctx.strategy)}/${action}${ctx.transport === 'cookie' ? '?transport=cookie' : ''}`, init(ctx, { method: 'POST', body: JSON.stringify(c) }));
    const what = action === 'login' ? 'Sign-in' : 'Registration';
    if (action === 'register') {
      // Bknd 0.20 answers a taken email with 500 `{"error":"SQLITE_CONSTRAINT: … UNIQUE constraint failed: users.email"}`.
      if (res.status === 500 && /UNIQUE constraint/i.test(JSON.stringify(res.data)))
        throw new SessionError('account-exists', 'An account with this email already exists', 409);
      // Bknd 0.21 has no register route while `auth.allow_register` is false.
      if (res.status === 404) throw new SessionError('registration-closed', 'Registration is closed', 404, { hint: 'Bknd answered 404: auth.allow_register is false, or host is wrong' });
    }
    if (!res.ok) throw httpError(res, 'invalid-credentials', what);
    const body = jsonObject(res, what);
    // No token: refused by the sign-in where one is needed (header transport), which signs that session out.
    return { token: body.token, user: userOf(body.user), ...renewalOf(body) };
  };

  return withSessions({
    host,
    login: (c, ctx) => authenticate('login', c, ctx),
    register: (c, ctx) => authenticate('register', c, ctx),
    async me(ctx) {
      const res = await ctx.request(`${base}/me`, init(ctx));
      if (res.status === 401 || res.status === 403) return null;
      if (!res.ok) throw httpError(res, 'server', 'Session check');
      return userOf(jsonObject(res, 'Session check').user);
    },
    async logout(ctx) {
      await ctx.request(`${base}/logout`, init(ctx));
    },
    link: api && apiLink(api),
  }, base, init);
}

/**
 * Bknd's `Api` keeps its token in memory and reads its storage only when built: it is told each
 * change (`rebuild`: its sub-clients copy the token when built), which also runs its
 * `onAuthStateChange` (React's `ClientProvider` state). Its own token changes (login, logout,
 * `setToken`, a failed `verifyAuth`) all run `onAuthStateChange`: chained after the app's own.
 */
function apiLink(api: BkndApi): BackendLink {
  const options = api.options;
  return {
    set: (token) => (api.getAuthState().token ?? null) !== token && api.updateToken(token ?? undefined, { rebuild: true, verified: true }),
    watch(on) {
      const app = options.onAuthStateChange;
      const ours = (state: { token?: string }) => (app?.(state), on(state.token ?? null));
      options.onAuthStateChange = ours;
      return () => options.onAuthStateChange === ours && (options.onAuthStateChange = app);
    },
  };
}
