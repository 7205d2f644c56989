// The plugin's HTTP side, in one place:
// - `gate`: the first middleware of the server (before Bknd's CORS and every Bknd route). It refuses
//   access tokens of ended sessions (401 session_revoked) and tokens without a session claim
//   (401 session_required) on every /api route, revokes on Bknd's logout, and adds the refresh
//   token to sign-in answers.
// - `routes`: POST refresh, GET sessions, DELETE sessions/:id, POST sessions/revoke, added after
//   Bknd's CORS middleware so they carry its headers.
// Every answer of our own is JSON; early ones get CORS headers here (Bknd adds its own later).
import type { App } from 'bknd';
import type { Context, Next } from 'hono';
import { deviceLabel } from './device.js';
import { StoreUnavailableError, type Service } from './sessions.js';
import { cookieValue, refreshSid, sha256, type AccessClaims } from './tokens.js';

export const REFRESH_COOKIE = 'session_refresh';
/** Bodies of our routes are one token or one word: anything bigger is refused unread. */
const MAX_BODY = 4096;

/** What the middleware and the routes share; `service` is set once the app is built. */
export interface Shared {
  service?: Service;
  /** The middleware itself, to find it in the router's route list. */
  gate?: (c: Context, next: Next) => Promise<Response | void>;
  /** The checked claims of a request, for our routes. */
  claims: WeakMap<Request, AccessClaims>;
}

const corsHeaders = (app: App, req: Request, headers: Headers) => {
  const origin = req.headers.get('origin');
  const cors = app.module.server.config.cors;
  if (!origin) return;
  const allowed = String(cors.origin ?? '*').split(',').map((o) => o.trim());
  if (!allowed.includes('*') && !allowed.includes(origin)) return;
  headers.set('Access-Control-Allow-Origin', origin);
  if (cors.allow_credentials !== false) headers.set('Access-Control-Allow-Credentials', 'true');
  headers.append('Vary', 'Origin');
};

const json = (app: App, req: Request, status: number, body: unknown, extra?: (h: Headers) => void) => {
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  corsHeaders(app, req, headers);
  extra?.(headers);
  return new Response(JSON.stringify(body), { status, headers });
};

/** Bknd's rule: an Authorization header wins, even a bad one; else the signed `auth` cookie. */
const accessToken = (svc: Service, req: Request) =>
  req.headers.has('authorization')
    ? Promise.resolve(String(req.headers.get('authorization')).replace('Bearer ', ''))
    : svc.kit.authCookie(req.headers.get('cookie'));

const isLocal = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

function refreshCookie(url: URL, value: string, maxAge: number) {
  return `${REFRESH_COOKIE}=${value}; Max-Age=${Math.max(0, Math.floor(maxAge))}; Path=/api/auth; HttpOnly; SameSite=Lax${isLocal(url) ? '' : '; Secure'}`;
}

/** Replaces the answer (Hono copies the old Set-Cookie over a new one unless c.res is cleared). */
function replace(c: Context, res: Response) {
  c.res = undefined as unknown as Response;
  c.res = res;
}

export function gate(app: App, shared: Shared) {
  return async function sessionGate(c: Context, next: Next) {
    const req = c.req.raw;
    const url = new URL(req.url);
    if (req.method === 'OPTIONS' || !url.pathname.startsWith('/api/')) return next();
    const svc = shared.service;
    // Not (yet, or no longer) installed: fail closed rather than let Bknd's own tokens through.
    if (!svc) return json(app, req, 503, { error: 'plugin_not_ready' });
    const base = '/api/auth';
    const path = url.pathname.replace(/\/+$/, '');
    try {
      // Bknd's logout is a GET (its POST is a 404, which must not end anything).
      if (path === `${base}/logout` && req.method === 'GET') return await logout(svc, c, next);
      if (path === `${base}/refresh`) return await next();
      // Sign-in routes stay open to a stale cookie (Bknd sees it as anonymous); everything else,
      // /me and our session routes included, refuses ended sessions.
      const authRoute = path.startsWith(`${base}/`);
      const guarded = !authRoute || path === `${base}/me` || path.startsWith(`${base}/sessions`);
      if (guarded) {
        const token = await accessToken(svc, req);
        if (token) {
          const r = await svc.check(token, Date.now());
          if ('claims' in r) {
            shared.claims.set(req, r.claims);
            return await svc.holding(token, r.claims, next);
          }
          if (r.error !== 'invalid') return json(app, req, 401, { error: r.error });
        }
        return await next();
      }
      const cookieTransport = url.searchParams.get('transport') === 'cookie';
      await next();
      if (svc.pendingCount > 0) await attach(app, svc, c, url, cookieTransport);
    } catch (e) {
      if (e instanceof StoreUnavailableError) return json(app, req, 503, { error: 'store_unavailable' });
      throw e;
    }
  };
}

/** A sign-in answer that carries a token we minted: store the session and hand out its refresh token. */
async function attach(app: App, svc: Service, c: Context, url: URL, cookieTransport: boolean) {
  const res = c.res;
  let body: Record<string, unknown> | undefined;
  let token: string | undefined;
  if (res.ok && (res.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = await res.clone().json();
      if (typeof body?.token === 'string') token = body.token;
      else body = undefined;
    } catch {
      body = undefined;
    }
  }
  // Redirect sign-ins (OAuth callback, form posts) carry the token only in Bknd's `auth` cookie.
  if (!token) {
    const auth = res.headers.getSetCookie().find((h) => /^auth=[^;]/.test(h));
    const value = auth && decodeURIComponent(auth.slice(5, auth.indexOf(';') >>> 0));
    if (value) token = value.slice(0, value.lastIndexOf('.'));
  }
  const p = token && svc.claimPending(token);
  if (!p) return;
  let session;
  try {
    session = await svc.start(p, c.req.raw.headers.get('user-agent') ?? '');
  } catch (e) {
    if (!(e instanceof StoreUnavailableError)) throw e;
    // No session, no sign-in: drop Bknd's answer (and its auth cookie) entirely.
    replace(c, json(app, c.req.raw, 503, { error: 'store_unavailable' }));
    return;
  }
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  const useCookie = cookieTransport || !body;
  if (useCookie) headers.append('set-cookie', refreshCookie(url, p.refresh, (session.absoluteExpiresAt - Date.now()) / 1000));
  const out = body
    ? JSON.stringify({ ...body, expires_in: svc.settings.accessTtl, ...(useCookie ? { refresh_cookie: true } : { refresh_token: p.refresh }) })
    : res.body;
  replace(c, new Response(out, { status: res.status, headers }));
}

/** Bknd's logout also ends the session (named by the access token or the refresh cookie). */
async function logout(svc: Service, c: Context, next: Next) {
  const req = c.req.raw;
  const token = await accessToken(svc, req);
  const sid = token ? (await svc.kit.verifySignatureOnly(token))?.sid : undefined;
  if (typeof sid === 'string') await svc.revoke(sid);
  const rt = cookieValue(req.headers.get('cookie') ?? '', REFRESH_COOKIE);
  const rsid = refreshSid(rt);
  if (rt && rsid && rsid !== sid) {
    // Only a cookie that really is this session's token may end it.
    const s = await svc.get(rsid);
    const h = await sha256(rt);
    if (s && (h === s.tokenHash || h === s.prevHash)) await svc.revoke(rsid);
  }
  await next();
  const res = c.res;
  const headers = new Headers(res.headers);
  headers.append('set-cookie', refreshCookie(new URL(req.url), '', 0));
  replace(c, new Response(res.body, { status: res.status, headers }));
}

async function readBody(req: Request): Promise<Record<string, unknown> | null> {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY) return null;
  let text: string;
  try {
    text = await req.text();
  } catch {
    return null;
  }
  if (text.length > MAX_BODY) return null;
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Registers the plugin's routes on the app's current server (called on every build). */
export function routes(app: App, shared: Shared) {
  const server = app.server;
  const base = '/api/auth';
  const svc = () => shared.service!;
  const fail = (req: Request, e: unknown) => {
    if (e instanceof StoreUnavailableError) return json(app, req, 503, { error: 'store_unavailable' });
    throw e;
  };
  const who = (req: Request) => {
    const claims = shared.claims.get(req);
    return claims && claims.id !== undefined ? { userId: String(claims.id), sid: claims.sid } : null;
  };

  server.post(`${base}/refresh`, async (c) => {
    const req = c.req.raw;
    const url = new URL(req.url);
    const body = await readBody(req);
    if (!body) return json(app, req, 400, { error: 'invalid_request' });
    let token = body.refresh_token;
    const viaCookie = token === undefined;
    if (viaCookie) {
      token = cookieValue(req.headers.get('cookie') ?? '', REFRESH_COOKIE) || undefined;
      if (!token) return json(app, req, 400, { error: 'invalid_request' });
      // The cookie goes along with any request to us: only our own pages may spend it.
      const origin = req.headers.get('origin');
      if (!origin || (origin !== url.origin && !allowedOrigins(app, svc().settings.allowedOrigins).includes(origin))) {
        return json(app, req, 403, { error: 'forbidden_origin' });
      }
    } else if (typeof token !== 'string') {
      return json(app, req, 400, { error: 'invalid_request' });
    }
    try {
      const r = await svc().refresh(token, Date.now());
      const ttl = svc().settings.accessTtl;
      if ('error' in r) {
        return json(app, req, 401, { error: 'invalid_grant' }, (h) => viaCookie && h.append('set-cookie', refreshCookie(url, '', 0)));
      }
      if (!viaCookie) return json(app, req, 200, { token: r.token, refresh_token: r.refresh, expires_in: ttl });
      const auth = await app.module.auth.authenticator.unsafeGetAuthCookie(r.token);
      return json(app, req, 200, { token: r.token, expires_in: ttl, refresh_cookie: true }, (h) => {
        h.append('set-cookie', refreshCookie(url, r.refresh, (r.session.absoluteExpiresAt - Date.now()) / 1000));
        if (auth) h.append('set-cookie', auth);
      });
    } catch (e) {
      return fail(req, e);
    }
  });

  server.get(`${base}/sessions`, async (c) => {
    const req = c.req.raw;
    const me = who(req);
    if (!me) return json(app, req, 401, { error: 'unauthorized' });
    try {
      const list = (await svc().list(me.userId)).sort((a, b) => b.lastUsedAt - a.lastUsedAt);
      return json(app, req, 200, {
        sessions: list.map((s) => ({
          id: s.id,
          current: s.id === me.sid,
          createdAt: s.createdAt,
          lastUsedAt: s.lastUsedAt,
          expiresAt: s.expiresAt,
          device: deviceLabel(s.userAgent),
        })),
      });
    } catch (e) {
      return fail(req, e);
    }
  });

  server.delete(`${base}/sessions/:id`, async (c) => {
    const req = c.req.raw;
    const me = who(req);
    if (!me) return json(app, req, 401, { error: 'unauthorized' });
    try {
      const s = await svc().get(c.req.param('id') ?? '');
      // Another user's session answers exactly as a missing one: ids are not confirmed.
      if (!s || s.userId !== me.userId) return json(app, req, 404, { error: 'not_found' });
      await svc().revoke(s.id);
      return json(app, req, 200, { ok: true });
    } catch (e) {
      return fail(req, e);
    }
  });

  server.post(`${base}/sessions/revoke`, async (c) => {
    const req = c.req.raw;
    const me = who(req);
    if (!me) return json(app, req, 401, { error: 'unauthorized' });
    const body = await readBody(req);
    const scope = body?.scope;
    if (scope !== 'others' && scope !== 'global') return json(app, req, 400, { error: 'invalid_request' });
    try {
      const revoked = await svc().revokeUser(me.userId, scope === 'others' ? me.sid : undefined);
      return json(app, req, 200, { ok: true, revoked });
    } catch (e) {
      return fail(req, e);
    }
  });
}

function allowedOrigins(app: App, extra: string[]) {
  const cors = String(app.module.server.config.cors.origin ?? '');
  return [...extra, ...cors.split(',').map((o) => o.trim()).filter((o) => o && o !== '*')];
}
