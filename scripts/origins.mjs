// Real servers on separate loopback origins, for the field suites (test/origins/): Bknd served by
// @hono/node-server with its own CORS and cookie config, the CDN build served as static files with
// `Access-Control-Allow-Origin: *`, and pages (plus any test routes) from a third server. Every
// server listens on 127.0.0.1 with port 0; `localhost` and `127.0.0.1` reach the same listener
// but are different sites to the browser, which gives a cross-site pair without DNS.
import { createAdaptorServer } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
// `BKND_PACKAGE=bknd-rc`: Bknd (server and its browser `Api`) from the 0.21 release candidate.
import { BKND_PACKAGE, loadBknd } from './servers.mjs';

const { libsql, createRuntimeApp, $console } = await loadBknd();

export const ROOT = new URL('..', import.meta.url).pathname;
export const DEMO = { email: 'demo@example.com', password: 'demo-password' };

/** Serves a fetch handler on 127.0.0.1:0; `stop()` closes it and every kept-alive connection. */
export async function serveFetch(handler) {
  const server = createAdaptorServer({ fetch: handler });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    /** The origin under a host name: 'localhost' or '127.0.0.1'. */
    origin: (hostname = '127.0.0.1') => `http://${hostname}:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A real Bknd 0.20 app on an in-memory database. The guard is on: anonymous visitors (role
 * `guest`) may use the API but not read data; signed-in users (role `user`) may read `posts`.
 * `cookie` is merged over Bknd's own cookie defaults (none given = Bknd's defaults untouched).
 * `expires: null` (or 0) leaves `jwt.expires` unset, Bknd's default: tokens without `exp`.
 */
export async function createFieldBknd({ secret = randomUUID() + randomUUID(), expires = 3600, cookie, corsOrigin = '*', users = [DEMO], posts = ['hello from bknd'] } = {}) {
  $console.disable(); // Bknd logs every boot and every failed query
  const app = await createRuntimeApp({
    connection: libsql(createClient({ url: ':memory:' })),
    adminOptions: false,
    config: {
      server: { cors: { origin: corsOrigin, allow_credentials: true } },
      data: { entities: { posts: { type: 'regular', fields: { title: { type: 'text' } } } } },
      auth: {
        enabled: true,
        jwt: { secret, alg: 'HS256', ...(expires ? { expires } : {}), issuer: 'session-elements-field' },
        ...(cookie ? { cookie } : {}),
        guard: { enabled: true },
        roles: {
          guest: { is_default: true, permissions: ['system.access.api'] },
          user: { permissions: ['system.access.api', 'data.entity.read'] },
        },
        default_role_register: 'user',
      },
    },
  });
  for (const u of users) {
    const res = await app.fetch(new Request('http://x/api/auth/password/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(u),
    }));
    if (!res.ok) throw new Error(`seeding ${u.email} failed: ${res.status} ${await res.text()}`);
  }
  for (const title of posts) await app.em.mutator('posts').insertOne({ title });
  return app;
}

/**
 * A Bknd server on its own port. `restart(opts)` replaces the app behind the same port (a new
 * in-memory database, e.g. with another secret), as a redeploy would. `counts` holds requests per
 * "METHOD /path" (preflights included) for request-count checks.
 */
export async function startBknd(opts = {}) {
  let app = await createFieldBknd(opts);
  const counts = new Map();
  const server = await serveFetch((req) => {
    const k = `${req.method} ${new URL(req.url).pathname}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    return app.fetch(req);
  });
  return {
    ...server,
    counts,
    count: (k) => counts.get(k) ?? 0,
    restart: async (more = {}) => void (app = await createFieldBknd({ ...opts, ...more })),
  };
}

/** Builds the CDN file (and any sibling chunks) with the project's vite config into a temp dir. */
export async function buildCdn() {
  const dir = await mkdtemp(join(tmpdir(), 'se-cdn-'));
  await new Promise((resolve, reject) =>
    execFile('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, timeout: 180_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`vite build failed: ${stderr || stdout || err.message}`)) : resolve(),
    ),
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.html': 'text/html; charset=utf-8' };

/** A static file server for `dir`, readable from any origin, as a public CDN serves files. */
export function startCdn(dir) {
  return serveFetch(async (req) => {
    const path = normalize(decodeURIComponent(new URL(req.url).pathname));
    const cors = { 'access-control-allow-origin': '*' };
    if (path.includes('..')) return new Response('bad path', { status: 400, headers: cors });
    try {
      const body = await readFile(join(dir, path));
      return new Response(body, { headers: { ...cors, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' } });
    } catch {
      return new Response('not found', { status: 404, headers: cors });
    }
  });
}

/** Bundles Bknd's own browser client (`Api` from `bknd/client`) as one ES module for a page. */
export async function bundleBkndApi() {
  const { build } = await import('esbuild');
  const out = await build({
    stdin: { contents: `export { Api } from '${BKND_PACKAGE}/client';`, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

const esc = (s) => String(s).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page every field test opens: the recorder first (so no event is missed), then the CDN file,
 * then the README's quick-start markup with the given provider attributes.
 */
export function pageHtml({ cdn, attrs = {}, head = '' }) {
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  return `<!doctype html>
<meta charset="utf-8" />
<title>session-elements field page</title>
<script type="module" src="/record.js"></script>
${head}
<script type="module" src="${esc(cdn)}/session-elements.js"></script>
<session-provider${a}>
  <session-guard>
    <p id="protected">Protected content</p>
    <login-form slot="fallback"></login-form>
  </session-guard>
  <session-user field="email"></session-user>
  <logout-button></logout-button>
</session-provider>
`;
}

/** Records every session and form event (errors reduced to code, status and message). */
export const RECORDER_JS = `
window.events = [];
const types = ['session-login', 'session-logout', 'session-refresh', 'session-error', 'session-expiring', 'login-success', 'login-error'];
for (const type of types)
  document.addEventListener(type, (e) => {
    const d = e.detail;
    const error = d && d.error;
    window.events.push({ type, at: Date.now(), detail: error ? { code: error.code, status: error.status, message: error.message, hint: error.hint } : JSON.parse(JSON.stringify(d ?? null)) });
  }, true);
window.provider = () => document.querySelector('session-provider');
`;

/**
 * The page server: `/page.html?<attr>=<value>…` (provider attributes from the query), the
 * recorder, and whatever `routes` adds (`'/path': (req) => Response`).
 */
export function startPages({ cdn, routes = {}, head = '' }) {
  return serveFetch(async (req) => {
    const url = new URL(req.url);
    if (url.pathname === '/page.html')
      return new Response(pageHtml({ cdn, attrs: Object.fromEntries(url.searchParams), head }), { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
    if (url.pathname === '/record.js') return new Response(RECORDER_JS, { headers: { 'content-type': 'text/javascript' } });
    const route = routes[url.pathname];
    if (route) return route(req);
    return new Response('not found', { status: 404 });
  });
}
