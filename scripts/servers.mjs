// Real backends for tests, the demo and the benchmarks: an in-memory Bknd server, a small
// access + refresh token server (signed with jose), and a fault-injecting proxy. They are mounted
// as fetch handlers under path prefixes of one dev server, so pages talk to them same-origin.
// `BKND_PACKAGE=bknd-rc` builds every Bknd app from the 0.21 release candidate instead of 0.20.
import { createClient } from '@libsql/client';
import { SignJWT, jwtVerify, generateKeyPair, exportJWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

let plugin;
/**
 * `session-elements/bknd` (src/server) for plain Node: compiled once per process with esbuild into
 * node_modules/.cache (so its bare imports resolve), whether or not dist/ is built.
 */
export function loadSessionsPlugin() {
  return (plugin ??= (async () => {
    const { build } = await import('esbuild');
    const root = fileURLToPath(new URL('..', import.meta.url));
    const outfile = `${root}node_modules/.cache/session-elements-hub/server-${process.pid}.mjs`;
    await build({
      entryPoints: [`${root}src/server/index.ts`], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', outfile, logLevel: 'error',
      external: ['bknd', 'bknd/*', 'jose', 'bowser', 'ioredis', 'hono', 'hono/*'],
    });
    return import(outfile);
  })());
}

/** The Bknd package the apps are built from: `bknd` (0.20) unless `BKND_PACKAGE` names another (`bknd-rc`). */
export const BKND_PACKAGE = process.env.BKND_PACKAGE || 'bknd';
const PACKAGES = ['bknd', 'bknd-rc'];
if (!PACKAGES.includes(BKND_PACKAGE)) throw new Error(`BKND_PACKAGE must be one of ${PACKAGES.join(', ')}; got "${BKND_PACKAGE}"`);
const loaded = new Map();
/** Bknd's server parts from one package (imported once each). */
export function loadBknd(pkg = BKND_PACKAGE) {
  if (!PACKAGES.includes(pkg)) throw new Error(`unknown Bknd package "${pkg}"`);
  if (!loaded.has(pkg))
    loaded.set(pkg, Promise.all([import(pkg), import(`${pkg}/adapter`), import(`${pkg}/utils`)]).then(([m, a, u]) => ({ libsql: m.libsql, createRuntimeApp: a.createRuntimeApp, $console: u.$console })));
  return loaded.get(pkg);
}
/** Bknd's log level for every app made here (`createHub` sets it; false turns the log off). */
let logLevel = 'warn';

/**
 * Starts a real Bknd app on an in-memory database. `expires` is the JWT lifetime in seconds;
 * `null` or 0 leaves it unset, as Bknd's default config does: tokens then have no `exp`.
 * `register: false` sets `auth.allow_register: false` (0.21 answers 404 to register then).
 * `pkg` builds it from another Bknd package than `BKND_PACKAGE` (`bknd-rc`).
 * `sessions`: options for the `session-elements/bknd` plugin (renewable, revocable sessions; its
 * `accessTtl` replaces `expires`), or a function of the loaded plugin module that returns them
 * (for `store: redisStore(…)`).
 */
export async function createBknd({ expires = 3600, secret = randomUUID() + randomUUID(), users = [], register = true, pkg = BKND_PACKAGE, sessions } = {}) {
  const { libsql, createRuntimeApp, $console } = await loadBknd(pkg);
  if (logLevel) $console.setLevel(logLevel);
  else $console.disable();
  let plugins = [];
  if (sessions) {
    const m = await loadSessionsPlugin();
    plugins = [m.sessions(typeof sessions === 'function' ? sessions(m) : sessions)];
  }
  const app = await createRuntimeApp({
    options: { plugins },
    connection: libsql(createClient({ url: ':memory:' })),
    adminOptions: false,
    config: {
      auth: {
        enabled: true,
        ...(register ? {} : { allow_register: false }),
        jwt: { secret, alg: 'HS256', ...(expires ? { expires } : {}), issuer: 'session-elements-test' },
        // Plain-http localhost: a Secure cookie would be dropped by non-Chromium browsers.
        cookie: { secure: false },
        roles: { user: { is_default: true }, admin: {} },
        default_role_register: 'user',
      },
    },
  });
  for (const { role, ...u } of users) {
    // With registration closed there is no register route: Bknd's own server-side call instead.
    if (!register) {
      await app.createUser({ ...u, role: role ?? 'user' });
      continue;
    }
    const res = await app.fetch(json('http://x/api/auth/password/register', u));
    if (!res.ok) throw new Error(`seeding ${u.email} failed: ${res.status} ${await res.text()}`);
    // The seeding sign-in is no session of the user's: it must not show up in their session list.
    if (sessions) await (await loadSessionsPlugin()).revokeUserSessions(app, (await res.json()).user.id);
    if (role) await app.em.mutator('users').updateWhere({ role }, { email: u.email });
  }
  return app;
}

function json(url, body, init = {}) {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
    body: JSON.stringify(body),
  });
}

/**
 * A generic access + refresh token server with rotating, single-use refresh tokens.
 * Refresh tokens travel in the JSON body, or in an httpOnly cookie when `cookie` is true.
 */
export async function createRefreshServer({ accessTtl = 60, refreshTtl = 3600, cookie = false } = {}) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const users = new Map([['user@example.com', { id: 1, email: 'user@example.com', role: 'user', password: 'password123' }]]);
  const refreshTokens = new Map(); // token -> { email, exp }
  const stats = { login: 0, refresh: 0, me: 0, logout: 0, rejectedRefresh: 0 };
  const issuer = 'rt-test';
  const sign = (u) =>
    new SignJWT({ email: u.email, role: u.role, id: u.id })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject(String(u.id)).setIssuer(issuer).setAudience('session-elements')
      .setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + server.accessTtl)
      .sign(privateKey);
  const publicUser = ({ password, ...u }) => u;
  const issue = async (u) => {
    const refreshToken = randomUUID();
    refreshTokens.set(refreshToken, { email: u.email, exp: Date.now() + refreshTtl * 1000 });
    const body = { accessToken: await sign(u), user: publicUser(u) };
    const headers = { 'content-type': 'application/json' };
    if (cookie) headers['set-cookie'] = `rt=${refreshToken}; Path=/; HttpOnly; SameSite=Strict`;
    else body.refreshToken = refreshToken;
    return new Response(JSON.stringify(body), { headers });
  };
  const reply = (status, body) => Response.json(body, { status });
  const server = {
    accessTtl, stats, jwk, issuer,
    /** Makes every refresh token invalid, as a server-side revocation would. */
    revokeAll: () => refreshTokens.clear(),
    /** When set (`{ status, body }`), every refresh gets this answer and spends no token. */
    refreshAnswer: null,
    async fetch(req) {
      const url = new URL(req.url);
      const body = req.method === 'POST' ? await req.json().catch(() => ({})) : {};
      switch (`${req.method} ${url.pathname}`) {
        case 'GET /.well-known/jwks.json':
          return reply(200, { keys: [jwk] });
        case 'POST /auth/login': {
          stats.login++;
          const u = users.get(body.email);
          if (!u || u.password !== body.password) return reply(401, { error: 'Invalid credentials' });
          return issue(u);
        }
        case 'POST /auth/register': {
          if (users.has(body.email)) return reply(409, { error: 'User exists' });
          const u = { id: users.size + 1, email: body.email, role: 'user', password: body.password };
          users.set(u.email, u);
          return issue(u);
        }
        case 'POST /auth/refresh': {
          stats.refresh++;
          if (server.refreshAnswer) return reply(server.refreshAnswer.status, server.refreshAnswer.body);
          const token = cookie ? /(?:^|;\s*)rt=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1] : body.refreshToken;
          const entry = token && refreshTokens.get(token);
          refreshTokens.delete(token); // single use: rotation
          if (!entry || entry.exp < Date.now()) {
            stats.rejectedRefresh++;
            return reply(401, { error: 'Invalid refresh token' });
          }
          return issue(users.get(entry.email));
        }
        case 'GET /auth/me': {
          stats.me++;
          const token = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
          try {
            const { payload } = await jwtVerify(token ?? '', publicKey, { issuer });
            return reply(200, { user: publicUser(users.get(payload.email)) });
          } catch {
            return reply(401, { error: 'Unauthorized' });
          }
        }
        case 'POST /auth/logout':
          stats.logout++;
          return reply(200, { ok: true });
        default:
          return reply(404, { error: 'Not found' });
      }
    },
  };
  return server;
}

/**
 * A proxy in front of another fetch handler that can delay, drop (hang), reset, answer 5xx or
 * HTML, or be down. `mode` is switched by tests through the hub's control endpoint.
 */
export function createFaultProxy(target) {
  const proxy = {
    mode: 'pass', delay: 0, requests: 0,
    retarget: (t) => (target = t),
    async fetch(req) {
      proxy.requests++;
      if (proxy.delay) await new Promise((r) => setTimeout(r, proxy.delay));
      switch (proxy.mode) {
        case 'hang': return new Promise(() => {});
        case 'reset': throw Object.assign(new Error('reset'), { reset: true });
        case '500': return new Response('{"error":"boom"}', { status: 500 });
        case '502': return new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
        case 'html': return new Response('<!doctype html><p>maintenance</p>', { status: 200, headers: { 'content-type': 'text/html' } });
        case 'empty': return new Response('', { status: 200 });
        case 'json': return Response.json({ ok: true });
        case 'truncated': return new Response('{"user":{"id":1,"email":"demo@exa', { status: 200, headers: { 'content-type': 'application/json' } });
        // The login works but the browser keeps no cookie, as when a third-party cookie is blocked.
        case 'nocookie': {
          const res = await target.fetch(req);
          const headers = new Headers(res.headers);
          headers.delete('set-cookie');
          return new Response(res.body, { status: res.status, headers });
        }
        case 'redirect': return new Response(null, { status: 302, headers: { location: '/' } });
        case '404': return Response.json({ error: 'Not found' }, { status: 404 });
        default: return target.fetch(req);
      }
    },
  };
  return proxy;
}

/**
 * One hub for every server a test run needs. Routes:
 *   /api/*                  the default Bknd (seeded users)
 *   /b/<id>/api/*           an extra Bknd made on demand (e.g. a short jwt.expires)
 *   /rt/<id>/*              a refresh-token server
 *   /f/<id>/*               a fault proxy in front of Bknd <id>
 *   /__hub/*                control: create servers, read counters, set faults
 */
export async function createHub({ expires = 3600, users = DEFAULT_USERS, log = 'warn', sessions } = {}) {
  // Bknd logs every boot and every failed query (tests make many on purpose).
  logLevel = log;
  const bknds = new Map([['default', await createBknd({ expires, users, sessions })]]);
  const rts = new Map();
  const faults = new Map();
  const counts = new Map(); // "<id> <path>" -> n, for request-count tests
  let next = 1;
  const count = (id, path) => counts.set(`${id} ${path}`, (counts.get(`${id} ${path}`) ?? 0) + 1);
  const strip = (req, prefix) => {
    const url = new URL(req.url);
    url.pathname = url.pathname.slice(prefix.length) || '/';
    return new Request(url, req);
  };
  const control = async (url, req) => {
    const q = Object.fromEntries(url.searchParams);
    const body = req.method === 'POST' ? await req.json().catch(() => ({})) : {};
    switch (url.pathname) {
      case '/__hub/bknd': {
        const id = String(next++);
        // `expires=0`: no jwt.expires (tokens without exp); `register=0`: auth.allow_register false;
        // `package=bknd-rc`: built from that package whatever BKND_PACKAGE says.
        // `accessTtl=<s>`: with the sessions plugin (header transport only: its refresh cookie's path is /api/auth, not /b/<id>/api/auth).
        const pkg = q.package ?? BKND_PACKAGE;
        const sessions = q.accessTtl ? { accessTtl: Number(q.accessTtl), graceSeconds: Number(q.grace ?? 10) } : undefined;
        bknds.set(id, await createBknd({ expires: Number(q.expires ?? 3600), users: body.users ?? users, register: q.register !== '0', pkg, sessions }));
        return Response.json({ id, host: `/b/${id}`, package: pkg });
      }
      case '/__hub/rt': {
        const id = String(next++);
        rts.set(id, await createRefreshServer({ accessTtl: Number(q.accessTtl ?? 60), cookie: q.cookie === '1' }));
        return Response.json({ id, host: `/rt/${id}` });
      }
      case '/__hub/rotate': {
        // A new secret for Bknd <id>: every token it issued so far is now rejected.
        bknds.set(q.id, await createBknd({ expires: Number(q.expires ?? 3600), users }));
        faults.get(q.id)?.retarget(bknds.get(q.id));
        return Response.json({ ok: true });
      }
      case '/__hub/rt/stats':
        return Response.json(rts.get(q.id)?.stats ?? null);
      case '/__hub/rt/answer': {
        // Body `{ status, body }`: the refresh endpoint's answer from now on; `{}` restores it.
        const rt = rts.get(q.id);
        if (rt) rt.refreshAnswer = body.status ? { status: Number(body.status), body: body.body ?? null } : null;
        return Response.json({ ok: !!rt });
      }
      case '/__hub/rt/revoke':
        rts.get(q.id)?.revokeAll();
        return Response.json({ ok: true });
      case '/__hub/fault': {
        const id = q.id ?? String(next++);
        if (!faults.has(id)) {
          // `over=rt:<id>` puts the proxy in front of a refresh-token server instead of a Bknd.
          const [kind, target] = (q.over ?? '').split(':');
          if (kind === 'rt') faults.set(id, createFaultProxy(rts.get(target)));
          else {
            bknds.set(id, bknds.get(id) ?? (await createBknd({ expires: Number(q.expires ?? 3600), users })));
            faults.set(id, createFaultProxy(bknds.get(id)));
          }
        }
        const f = faults.get(id);
        if (q.mode) f.mode = q.mode;
        if (q.delay) f.delay = Number(q.delay);
        return Response.json({ id, host: `/f/${id}`, mode: f.mode, requests: f.requests });
      }
      case '/__hub/counts': {
        const out = {};
        for (const [k, v] of counts) if (!q.id || k.startsWith(`${q.id} `)) out[k] = v;
        if (q.reset) for (const k of Object.keys(out)) counts.delete(k);
        return Response.json(out);
      }
      default:
        return Response.json({ error: 'unknown' }, { status: 404 });
    }
  };
  return {
    bknds, rts, faults, counts,
    /** Handles a request, or returns undefined when the path is not the hub's. */
    async fetch(req) {
      const url = new URL(req.url);
      const p = url.pathname;
      if (p.startsWith('/__hub/')) return control(url, req);
      if (p.startsWith('/api/')) return count('default', p), bknds.get('default').fetch(req);
      let m = /^\/(b|rt|f)\/(\w+)(\/.*)$/.exec(p);
      if (!m) return undefined;
      const [, kind, id, rest] = m;
      count(id, rest);
      const target = kind === 'b' ? bknds.get(id) : kind === 'rt' ? rts.get(id) : faults.get(id);
      if (!target) return Response.json({ error: `no server ${kind}/${id}` }, { status: 404 });
      return target.fetch(strip(req, `/${kind}/${id}`));
    },
  };
}

export const DEMO_USER = { email: 'demo@example.com', password: 'demo-password' };
export const DEFAULT_USERS = [
  DEMO_USER,
  { email: 'admin@example.com', password: 'admin-password', role: 'admin' },
];

/** Adapts a hub to a Node (req, res, next) middleware (connect / vite / koa's ctx.req, ctx.res). */
export function nodeMiddleware(hub) {
  return async (req, res, next) => {
    const url = `http://${req.headers.host ?? 'localhost'}${req.url}`;
    if (!/^\/(api|b|rt|f|__hub)\//.test(req.url)) return next();
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let response;
    try {
      response = await hub.fetch(new Request(url, { method: req.method, headers, body: ['GET', 'HEAD'].includes(req.method) ? undefined : body }));
    } catch (e) {
      if (e?.reset) return req.socket.destroy();
      throw e;
    }
    if (!response) return next();
    const out = {};
    response.headers.forEach((v, k) => { if (k !== 'set-cookie') out[k] = v; });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out['set-cookie'] = cookies;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
