import type { Kit } from '../kit.js';
import type { AuthResult, BackendContext, Credentials, SessionBackend } from '../types.js';

export interface RefreshBackendOptions {
  host?: string;
  paths?: Partial<Record<'login' | 'register' | 'refresh' | 'me' | 'logout', string>>;
  /** Names of the response fields. */
  fields?: Partial<Record<'accessToken' | 'refreshToken' | 'user' | 'expiresIn', string>>;
  /** Where the refresh token lives: in the JSON body (stored by the library) or an httpOnly cookie. */
  refreshTokenIn?: 'body' | 'cookie';
}

/**
 * A generic access + refresh token server. Refresh tokens may rotate: the controller serializes
 * refreshes across tabs so a single-use token is never spent twice. `kit`: what it uses of the
 * core (see `kit.ts`).
 */
export function refreshBackend(options: RefreshBackendOptions = {}, kit: Kit): SessionBackend {
  const { SessionError, httpError, jsonObject, serverMessage, userOf } = kit;
  const host = (options.host ?? '').replace(/\/+$/, '');
  const paths = { login: '/auth/login', register: '/auth/register', refresh: '/auth/refresh', me: '/auth/me', logout: '/auth/logout', ...options.paths };
  const f = { accessToken: 'accessToken', refreshToken: 'refreshToken', user: 'user', expiresIn: 'expiresIn', ...options.fields };
  const inCookie = options.refreshTokenIn === 'cookie';

  const post = (ctx: BackendContext, path: string, body?: unknown) =>
    ctx.request(host + path, {
      method: 'POST',
      credentials: inCookie || ctx.transport === 'cookie' ? 'include' : 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? '{}' : JSON.stringify(body),
    });

  const tokens = (body: Record<string, any>, what: string, status: number): AuthResult => {
    const token = body[f.accessToken];
    if (typeof token !== 'string') throw new SessionError('invalid-token', `${what}: the server sent no access token`, status);
    const rt = body[f.refreshToken];
    const expiresIn = body[f.expiresIn];
    return {
      token, refreshToken: typeof rt === 'string' ? rt : undefined, user: userOf(body[f.user]) ?? undefined,
      expiresIn: typeof expiresIn === 'number' ? expiresIn : undefined,
    };
  };

  const authenticate = async (path: string, c: Credentials, ctx: BackendContext, what: string) => {
    const res = await post(ctx, path, c);
    if (res.status === 409) throw new SessionError('account-exists', serverMessage(res.data) ?? 'An account with this email already exists', 409);
    if (!res.ok) throw httpError(res, 'invalid-credentials', what);
    return tokens(jsonObject(res, what), what, res.status);
  };

  return {
    login: (c, ctx) => authenticate(paths.login, c, ctx, 'Sign-in'),
    register: (c, ctx) => authenticate(paths.register, c, ctx, 'Registration'),
    async refresh(ctx) {
      if (!inCookie && !ctx.refreshToken) throw new SessionError('invalid-token', 'No refresh token', 401);
      const res = await post(ctx, paths.refresh, inCookie ? undefined : { [f.refreshToken]: ctx.refreshToken });
      // Only these mean "this refresh token is dead"; any other 4xx is a server or setup problem
      // (wrong path, body encoding, client) that must not sign anyone out.
      const said = serverMessage(res.data);
      if (res.status === 401 || (res.status === 400 && res.data?.error === 'invalid_grant'))
        throw new SessionError('invalid-token', `The refresh token was rejected${said ? `: ${said}` : ''}`, res.status);
      if (res.status >= 400 && res.status < 500) throw new SessionError('config', `Refresh failed (${res.status})${said ? `: ${said}` : ''}`, res.status);
      if (!res.ok) throw httpError(res, 'server', 'Refresh');
      return tokens(jsonObject(res, 'Refresh'), 'Refresh', res.status);
    },
    async me(ctx) {
      const res = await ctx.request(host + paths.me, {
        credentials: ctx.transport === 'cookie' ? 'include' : 'same-origin',
        headers: { accept: 'application/json', ...(ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}) },
      });
      if (res.status === 401 || res.status === 403) return null;
      if (!res.ok) throw httpError(res, 'server', 'Session check');
      const body = jsonObject(res, 'Session check');
      return userOf(f.user in body ? body[f.user] : body);
    },
    async logout(ctx) {
      await post(ctx, paths.logout, inCookie || !ctx.refreshToken ? undefined : { [f.refreshToken]: ctx.refreshToken });
    },
  };
}
