import { SessionError } from '../errors.js';
import { httpError, jsonObject } from '../http.js';
import type { AuthResult, BackendContext, Credentials, SessionBackend } from '../types.js';
import { userOf } from './shared.js';

export interface BkndBackendOptions {
  /** Base URL of the Bknd server; '' is the page's origin. */
  host?: string;
}

/**
 * A real Bknd server (0.20). Facts that differ from its docs: `/api/auth/me` answers 403 for an
 * expired or unknown token, logout is a GET that needs `Accept: application/json` (else it
 * redirects), and there is no refresh endpoint: a token with `exp` ends hard.
 */
export function bknd({ host = '' }: BkndBackendOptions = {}): SessionBackend {
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
    const res = await ctx.request(`${base}/${encodeURIComponent(ctx.strategy)}/${action}`, init(ctx, { method: 'POST', body: JSON.stringify(c) }));
    const what = action === 'login' ? 'Sign-in' : 'Registration';
    // Bknd 0.20 answers a taken email with 500 `{"error":"SQLITE_CONSTRAINT: … UNIQUE constraint failed: users.email"}`.
    if (action === 'register' && res.status === 500 && /UNIQUE constraint/i.test(JSON.stringify(res.data)))
      throw new SessionError('account-exists', 'An account with this email already exists', 409);
    if (!res.ok) throw httpError(res, 'invalid-credentials', what);
    const body = jsonObject(res, what);
    if (typeof body.token !== 'string') throw new SessionError('invalid-token', `${what}: the server sent no token`, res.status);
    return { token: body.token, user: userOf(body.user) };
  };

  return {
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
  };
}
