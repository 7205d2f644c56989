// Shared by the server tests and scripts/bench-server.mjs: the plugin compiled from src/server
// (esbuild, into node_modules/.cache so bare imports resolve), real Bknd apps on in-memory libsql,
// and a real redis-server on a free loopback port, stopped by its PID.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The plugin module, built from source; `rc` links it against Bknd 0.21 RC instead of 0.20. */
export async function loadPlugin({ rc = false } = {}) {
  const outfile = `${root}node_modules/.cache/session-elements-server/index-${rc ? 'rc' : '020'}-${process.pid}.mjs`;
  await build({
    entryPoints: [`${root}src/server/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    external: ['bknd', 'bknd-rc', 'bknd/*', 'jose', 'bowser', 'ioredis', 'hono', 'hono/*'],
    ...(rc ? { alias: { bknd: 'bknd-rc' } } : {}),
    logLevel: 'error',
  });
  const mod = await import(outfile);
  await rm(outfile, { force: true }); // loaded; leave nothing behind
  return mod;
}

export const SECRET = 'test-secret-0123456789-0123456789-0123456789';
export const USERS = [
  { email: 'ann@example.com', password: 'password-ann-1' },
  { email: 'bob@example.com', password: 'password-bob-1' },
];

/**
 * A real Bknd app (0.20, or the 0.21 RC) with `plugins`, on a fresh in-memory database unless
 * `db` (a libsql client) is shared. Seeds USERS unless `seed` is false.
 */
export async function createApp({ plugins = [], rc = false, db, jwt = {}, cors, auth = {}, seed = true } = {}) {
  const bknd = await import(rc ? 'bknd-rc' : 'bknd');
  const { createRuntimeApp } = await import(rc ? 'bknd-rc/adapter' : 'bknd/adapter');
  const app = await createRuntimeApp({
    connection: bknd.libsql(db ?? createClient({ url: ':memory:' })),
    adminOptions: false,
    config: {
      auth: {
        enabled: true,
        jwt: { secret: SECRET, alg: 'HS256', issuer: 'se-test', ...jwt },
        cookie: { secure: false },
        roles: { user: { is_default: true }, admin: {} },
        default_role_register: 'user',
        ...auth,
      },
      ...(cors ? { server: { cors } } : {}),
    },
    options: { plugins },
  });
  if (seed) for (const u of USERS) await call(app, 'POST', '/api/auth/password/register', { body: u });
  return app;
}

/** One request to an app, in process (app.fetch), with JSON in and out. */
export async function call(app, method, path, { body, token, headers = {}, raw } = {}) {
  const init = { method, headers: { accept: 'application/json', ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await app.fetch(new Request(`http://localhost${path}`, init));
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export const login = (app, user = USERS[0], query = '') => call(app, 'POST', `/api/auth/password/login${query}`, { body: user });

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** A real redis-server, no persistence, on a free loopback port. `stop()` kills it by PID. */
export async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start in 10 s')), 10_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code})`));
    });
  });
  child.stdout.resume();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        process.kill(child.pid, 'SIGTERM');
      }),
  };
}

/** A JWT signed with the app's secret, with any claims (forged-token and legacy-token cases). */
export async function signToken(claims, { secret = SECRET } = {}) {
  const { SignJWT } = await import('jose');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: 'se-test', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}
