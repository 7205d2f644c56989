// `npm start`: the demo in demo/ on Vite's dev server, with a real in-memory Bknd on the same
// origin under /api, so the pages need no CORS and cookies behave as they would in production.
// Bknd runs the `session-elements/bknd` plugin (compiled from src/server): short access tokens
// that renew on their own, sessions that end on the server, and the account page's session list.
// The pages `import 'session-elements'` as an app does and get the built package (dist/, built
// here when missing or older than src/), with Lit in production mode.
// Tests import `startDemo` to serve exactly what a user sees.
import { createServer } from 'vite';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHub, nodeMiddleware, DEFAULT_USERS } from './servers.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const entry = `${repo}dist/index.js`;

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

const stale = () => mtime(entry) < Math.max(...readdirSync(`${repo}src`, { recursive: true }).map((f) => mtime(`${repo}src/${f}`)));

/**
 * Builds the package unless dist/ is newer than every source file. `node --test` runs test files
 * in parallel processes, so one builds (holding a lock directory) while the others wait for it.
 */
export function ensureBuilt() {
  if (!stale()) return;
  const lock = `${repo}node_modules/.cache/demo-build.lock`;
  mkdirSync(`${repo}node_modules/.cache`, { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than the slowest build was left by a process that died: take it over.
      if (Date.now() - mtime(lock) > 180_000) rmSync(lock, { recursive: true, force: true });
      else if (waited > 180_000) throw new Error(`another build holds ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!stale()) return; // built by the process we waited for
    console.log('  Building the package (dist/) for the demo…');
    execFileSync(process.execPath, [`${repo}scripts/build.mjs`], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// The demo proves the elements need nothing inline. Vite's HMR websocket is the one extra source.
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*";

/**
 * Starts the demo server. `expires` is Bknd's JWT lifetime in seconds; `sessions` turns the
 * sessions plugin on with these options (`{ accessTtl }`: its tokens' lifetime, which replaces
 * `expires`). `port` 0 picks a free port, and a busy port falls back to the next free one.
 * Returns the hub too, whose `counts` tell tests which /api paths were called how often.
 */
export async function startDemo({ port = 5173, expires = 120, host = '127.0.0.1', logLevel = 'warn', sessions } = {}) {
  // Bknd logs a stack trace for every wrong password; BKND_LOG=warn (or info) brings its logs back.
  ensureBuilt();
  const hub = await createHub({ expires, sessions, log: process.env.BKND_LOG || false });
  const server = await createServer({
    configFile: false, // the top-level vite.config.ts builds the library, not the demo
    root: `${repo}demo`,
    cacheDir: `${repo}node_modules/.vite-demo`,
    publicDir: false,
    appType: 'mpa',
    logLevel,
    clearScreen: false,
    server: { host, port, strictPort: false, fs: { allow: [repo] } },
    // The package by its name, from dist/ (a package cannot install itself into node_modules), and
    // dependencies without their `development` exports: Lit's production build, no dev-mode warning.
    resolve: { alias: [{ find: /^session-elements$/, replacement: entry }], conditions: ['module', 'browser', 'production'] },
    plugins: [
      {
        name: 'session-elements-demo',
        configureServer(vite) {
          vite.middlewares.use((req, res, next) => {
            res.setHeader('Content-Security-Policy', CSP);
            next();
          });
          // The package's flash-free stylesheet, linked by the pages as an app links it (a file, CSP-safe).
          vite.middlewares.use('/session-elements.css', (req, res) => {
            res.setHeader('content-type', 'text/css');
            res.end(readFileSync(`${repo}dist/cdn/session-elements.css`));
          });
          // Same origin: Bknd's cookie is for this origin, and no CORS is needed. Only /api: the
          // hub's test-control routes (/__hub, /b, /rt, /f) have no business in the demo.
          const bknd = nodeMiddleware(hub);
          vite.middlewares.use('/api', (req, res, next) => {
            req.url = req.originalUrl; // connect strips the mount path; the hub routes on the full one
            bknd(req, res, next);
          });
        },
      },
    ],
  });
  await server.listen();
  const url = server.resolvedUrls.local[0]; // the real port, after any fallback
  return { url, hub, close: () => server.close() };
}

async function main() {
  const expires = Number(process.env.DEMO_TOKEN_SECONDS || 60);
  const port = Number(process.env.PORT || 5173);
  if (!Number.isInteger(expires) || expires <= 0) throw new Error(`DEMO_TOKEN_SECONDS must be a whole number of seconds; got "${process.env.DEMO_TOKEN_SECONDS}"`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${process.env.PORT}"`);
  // DEMO_SESSIONS=off: plain Bknd, whose tokens end hard at expiry (the expiry warning then offers to sign in again).
  const plugin = process.env.DEMO_SESSIONS !== 'off';
  const demo = await startDemo({ port, expires, logLevel: 'info', sessions: plugin ? { accessTtl: expires } : undefined });
  const ms = Math.round(performance.now()); // since the process started, Node's boot included
  const users = DEFAULT_USERS.map((u) => `    ${u.email.padEnd(20)} ${u.password.padEnd(16)} (${u.role ?? 'user'})`);
  console.log(
    [
      '',
      `  session-elements demo: ${demo.url}   (ready in ${ms} ms)`,
      '',
      '  Sign in with',
      ...users,
      '',
      plugin
        ? `  Access tokens live ${expires} s (DEMO_TOKEN_SECONDS) and renew on their own: watch session-refresh in the event log.`
        : `  Tokens live ${expires} s (DEMO_TOKEN_SECONDS), so the expiry warning comes soon after sign-in.`,
      plugin
        ? '  Bknd runs the session-elements/bknd plugin (DEMO_SESSIONS=off for plain Bknd); the account page lists your sessions.'
        : '  Plain Bknd: no refresh, sign-out ends nothing on the server.',
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the demo server…`);
    await demo.close();
    process.exit(0);
  };
  // Vite also closes itself on SIGTERM (exit code 143); Ctrl-C is ours alone.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
