import * as oauth from 'oauth4webapi';
import type { Kit } from '../kit.js';
import type { SessionErrorCode } from '../errors.js';
import type { AuthResult, BackendContext, Credentials, SessionBackend, SessionUser } from '../types.js';

export interface OidcBackendOptions {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** A public client (no secret): token endpoint auth method `none`. */
  clientId: string;
  scope?: string;
  /** Registered redirect URI; default: this page (origin + path). */
  redirectUri?: string;
  /** Where RP-initiated logout returns (default `redirectUri`); `false` only revokes the tokens. */
  postLogoutRedirectUri?: string | false;
  /**
   * Ask the userinfo endpoint for the user and for server checks (default true). Set false when
   * the access token is for an API and the server refuses it at userinfo (oidc-provider with
   * resource indicators): the user then comes from the ID token and the access token's claims.
   */
  userinfo?: boolean;
  /** Extra authorization request parameters (`audience`, `kc_idp_hint`, `prompt`, …). */
  params?: Record<string, string>;
}

/** What the callback needs from the tab that started the redirect. */
interface Pending {
  state: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
}

// Protocol claims of an ID token, not facts about the user.
const PROTOCOL = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash', 'c_hash', 'sid', 'sub']);
const USER_REFUSED = new Set(['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required']);

/**
 * Any standard OAuth 2.0 / OpenID Connect server (Keycloak, Auth0, Okta, Zitadel, oidc-provider…)
 * through `oauth4webapi`: discovery, authorization code + PKCE (S256) by redirect, the callback
 * finished by `resume()` when the page loads, refresh grant with rotation (the controller makes it
 * one flight for all tabs), RFC 7009 revocation and RP-initiated logout. `kit`: what it
 * uses of the core (see `kit.ts`).
 */
export function oidc(options: OidcBackendOptions, kit: Kit): SessionBackend & { kind: 'oidc'; resume(ctx: BackendContext): Promise<AuthResult | null> } {
  const { SessionError, sameOriginUrl } = kit;
  const { clientId, scope = 'openid profile email offline_access', userinfo = true } = options;
  const client: oauth.Client = { client_id: clientId };
  const auth = oauth.None();
  const pendingKey = `session-elements:oidc:${clientId}`;
  let issuer: URL;
  let server: Promise<oauth.AuthorizationServer> | undefined;
  // The last user this tab saw: the answer of me() for servers without userinfo.
  let lastUser: SessionUser | null = null;

  // oauth4webapi speaks fetch Responses; the controller's request() adds its timeout, typed
  // network errors and server-clock sampling, so answers are rebuilt from its result.
  const opts = (ctx: BackendContext) => ({
    [oauth.customFetch]: async (url: string, init: oauth.CustomFetchOptions<string, unknown>) => {
      const r = await ctx.request(url, { method: init.method, headers: init.headers, body: init.body as BodyInit, redirect: init.redirect, credentials: 'omit' });
      const empty = r.data == null || r.status === 204 || r.status === 205;
      return new Response(empty ? null : JSON.stringify(r.data), { status: r.status, headers: r.headers });
    },
    // Plain http only for a loopback issuer (local development and tests).
    [oauth.allowInsecureRequests]: /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(options.issuer),
  });

  const discover = (ctx: BackendContext) =>
    (server ??= (async () => {
      try {
        issuer = new URL(options.issuer);
      } catch {
        throw new SessionError('config', `OIDC: the issuer "${options.issuer}" is not a URL`);
      }
      const as = await guard('Discovery', () => oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...opts(ctx) }).then((r) => oauth.processDiscoveryResponse(issuer, r)), 'config');
      for (const k of ['authorization_endpoint', 'token_endpoint'] as const)
        if (typeof as[k] !== 'string') throw new SessionError('config', `OIDC discovery: the server's document has no ${k}`);
      return as;
    })().catch((e) => {
      server = undefined; // try again next time: the server may have been down
      throw e;
    }));

  const tokens = async (ctx: BackendContext, as: oauth.AuthorizationServer, res: oauth.TokenEndpointResponse, refreshToken?: string | null): Promise<AuthResult & { expiresIn?: number }> => {
    const claims = oauth.getValidatedIdTokenClaims(res);
    let user: SessionUser | null = claims ? claimsUser(claims) : null;
    if (userinfo && as.userinfo_endpoint && !refreshToken) user = { ...user, ...(await info(ctx, as, res.access_token, claims?.sub)) };
    if (user) lastUser = user;
    return {
      token: res.access_token,
      // Without rotation the server sends no new refresh token: the old one stays valid.
      refreshToken: res.refresh_token ?? refreshToken ?? undefined,
      user: user ?? undefined,
      expiresIn: typeof res.expires_in === 'number' ? res.expires_in : undefined,
    };
  };

  const info = async (ctx: BackendContext, as: oauth.AuthorizationServer, token: string, sub?: string) => {
    const res = await oauth.userInfoRequest(as, client, token, opts(ctx));
    return claimsUser(await oauth.processUserInfoResponse(as, client, sub ?? oauth.skipSubjectCheck, res));
  };

  /** Runs an oauth4webapi step and turns its errors into typed ones with the server's own words. */
  async function guard<T>(what: string, step: () => Promise<T> | T, fallback: SessionErrorCode = 'server'): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (e instanceof SessionError) throw e;
      let code: SessionErrorCode = fallback;
      let status: number | undefined;
      let text = e instanceof Error ? e.message : String(e);
      if (e instanceof oauth.ResponseBodyError || e instanceof oauth.AuthorizationResponseError) {
        status = e instanceof oauth.ResponseBodyError ? e.status : undefined;
        text = e.error_description ? `${e.error_description} (${e.error})` : e.error;
        // Only a dead grant (RFC 6749 invalid_grant) ends the session; other refusals are setup
        // problems (invalid_client, unauthorized_client, invalid_scope …) or the user saying no.
        code =
          e.error === 'invalid_grant' ? 'invalid-token'
          : USER_REFUSED.has(e.error) ? 'invalid-credentials'
          : (status ?? 0) >= 500 || e.error === 'server_error' || e.error === 'temporarily_unavailable' ? 'server'
          : 'config';
      } else if (e instanceof oauth.WWWAuthenticateChallengeError) {
        status = e.status;
        code = e.status === 401 ? 'invalid-token' : 'config';
      } else if (e instanceof oauth.OperationProcessingError && e.cause instanceof Response) {
        // An answer that is not the protocol's (an HTML error page, a 5xx): the server's fault.
        status = e.cause.status;
        code = status >= 500 || fallback === 'server' ? 'server' : fallback;
      } else if (e instanceof oauth.OperationProcessingError && /"state"/.test(e.message)) {
        // The callback does not answer the request this tab made (a forged or stale link).
        code = 'invalid-token';
      } else if (e instanceof TypeError) {
        code = 'config';
      }
      throw new SessionError(code, `${what} failed: ${text}`, status, { cause: e });
    }
  }

  return {
    /** Tells `<login-button>` that sign-in is a redirect here, not a form post to Bknd. */
    kind: 'oidc',

    async login(credentials: Partial<Credentials> & { returnTo?: string }, ctx) {
      const as = await discover(ctx);
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const redirectUri = options.redirectUri ?? location.origin + location.pathname;
      const back = sameOriginUrl(credentials?.returnTo) ?? new URL(location.href);
      const pending: Pending = { state, verifier, redirectUri, returnTo: back.pathname + back.search + back.hash };
      try {
        sessionStorage.setItem(pendingKey, JSON.stringify(pending));
      } catch (e) {
        throw new SessionError('storage-unavailable', 'OIDC sign-in needs sessionStorage to keep its PKCE verifier across the redirect', undefined, { cause: e });
      }
      const url = new URL(as.authorization_endpoint!);
      const p = url.searchParams;
      p.set('client_id', clientId);
      p.set('response_type', 'code');
      p.set('redirect_uri', redirectUri);
      p.set('scope', scope);
      p.set('state', state);
      p.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
      p.set('code_challenge_method', 'S256');
      // OIDC Core 11: a refresh token (offline_access) is granted only with prompt=consent.
      if (/(^|\s)offline_access(\s|$)/.test(scope)) p.set('prompt', 'consent');
      for (const [k, v] of Object.entries(options.params ?? {})) p.set(k, v);
      location.assign(url.href);
      return new Promise<never>(() => {}); // the page is leaving
    },

    async resume(ctx) {
      if (typeof location === 'undefined') return null;
      const here = new URL(location.href);
      const q = here.searchParams;
      if (!q.has('state') || !(q.has('code') || q.has('error'))) return null;
      let pending: Pending | null = null;
      try {
        pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null');
        sessionStorage.removeItem(pendingKey);
      } catch {
        // no storage or garbage in it: handled as "not our callback" below
      }
      // A callback this tab did not start (another library's, or Bknd's): leave it alone.
      if (!pending || typeof pending.state !== 'string') return null;
      // Whatever happens next, a reload must not replay the code. The address changes in place
      // (no navigation), so only within this page: a separate callback page keeps its own path.
      const saved = sameOriginUrl(pending.returnTo);
      const back = saved && saved.pathname === here.pathname ? saved : new URL(here);
      for (const k of ['code', 'state', 'error', 'error_description', 'error_uri', 'iss', 'session_state']) back.searchParams.delete(k);
      history.replaceState(history.state, '', back.href);
      const as = await discover(ctx);
      return guard('Sign-in', async () => {
        const params = oauth.validateAuthResponse(as, client, here, pending!.state);
        const res = await oauth.authorizationCodeGrantRequest(as, client, auth, params, pending!.redirectUri, pending!.verifier, opts(ctx));
        return tokens(ctx, as, await oauth.processAuthorizationCodeResponse(as, client, res));
      });
    },

    async refresh(ctx) {
      // Not a dead grant: the server never gave one. The session lasts as long as its access token.
      if (!ctx.refreshToken) throw new SessionError('config', 'OIDC: the server issued no refresh token (is offline_access or the refresh_token grant allowed for this client?)');
      const as = await discover(ctx);
      return guard('Refresh', async () => {
        const res = await oauth.refreshTokenGrantRequest(as, client, auth, ctx.refreshToken!, opts(ctx));
        return tokens(ctx, as, await oauth.processRefreshTokenResponse(as, client, res), ctx.refreshToken);
      });
    },

    async me(ctx) {
      if (!ctx.token) return null;
      const as = await discover(ctx);
      if (!userinfo || !as.userinfo_endpoint) return lastUser ?? jwtUser(ctx.token);
      try {
        return (lastUser = await guard('Session check', () => info(ctx, as, ctx.token!)));
      } catch (e) {
        if (e instanceof SessionError && e.code === 'invalid-token') return null;
        throw e;
      }
    },

    async logout(ctx) {
      lastUser = null;
      const as = await discover(ctx);
      const token = ctx.refreshToken ?? ctx.token;
      try {
        if (token && as.revocation_endpoint)
          await guard('Sign-out', async () => {
            const res = await oauth.revocationRequest(as, client, auth, token, { ...opts(ctx), additionalParameters: { token_type_hint: ctx.refreshToken ? 'refresh_token' : 'access_token' } });
            await oauth.processRevocationResponse(res);
          });
      } finally {
        const target = typeof location === 'undefined' ? false : options.postLogoutRedirectUri ?? options.redirectUri ?? location.origin + location.pathname;
        if (as.end_session_endpoint && target !== false) {
          // client_id instead of id_token_hint keeps every token out of the URL (RP-Initiated
          // Logout 1.0 allows either); GET because servers need not accept POST (oidc-provider).
          const url = new URL(as.end_session_endpoint);
          url.searchParams.set('client_id', clientId);
          url.searchParams.set('post_logout_redirect_uri', target);
          // On the next task: the controller has cleared storage and told the other tabs by then.
          setTimeout(() => location.assign(url.href));
        }
      }
    },
  };
}

function claimsUser(claims: Record<string, unknown>): SessionUser {
  const user: SessionUser = { id: claims.sub as string };
  for (const [k, v] of Object.entries(claims)) if (!PROTOCOL.has(k)) user[k] = v;
  return user;
}

/** The user a JWT access token names, or an empty user for an opaque one (it is still valid). */
function jwtUser(token: string): SessionUser {
  try {
    return claimsUser(JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))));
  } catch {
    return {};
  }
}
