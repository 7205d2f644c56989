// Test helpers: talk to the hub of real servers the test run started (see scripts/servers.mjs).
import { SessionController, type SessionOptions, type SessionEventName } from '../src/core/index.js';

export const DEMO = { email: 'demo@example.com', password: 'demo-password' };
export const ADMIN = { email: 'admin@example.com', password: 'admin-password' };
export const RT_USER = { email: 'user@example.com', password: 'password123' };

async function hub(path: string, init?: RequestInit) {
  const res = await fetch(`/__hub/${path}`, init);
  if (!res.ok) throw new Error(`hub ${path}: ${res.status}`);
  return res.json();
}

/** A fresh Bknd server (own in-memory database and secret); `expires` = JWT lifetime in seconds. */
export async function newBknd(expires = 3600): Promise<string> {
  return (await hub(`bknd?expires=${expires}`, { method: 'POST', body: '{}' })).host;
}
/** Gives Bknd `id` a new secret: every token it issued is rejected from now on. */
export const rotateSecret = (host: string) => hub(`rotate?id=${host.split('/').pop()}`);
export async function newRefreshServer(accessTtl = 60, cookie = false): Promise<{ id: string; host: string }> {
  return hub(`rt?accessTtl=${accessTtl}&cookie=${cookie ? 1 : 0}`);
}
export const rtStats = (id: string) => hub(`rt/stats?id=${id}`);
export const rtRevoke = (id: string) => hub(`rt/revoke?id=${id}`);
/** Makes refresh server `id` answer every refresh with `status` and `body`; no arguments restores it. */
export const rtRefreshAnswer = (id: string, status?: number, body?: unknown) =>
  hub(`rt/answer?id=${id}`, { method: 'POST', body: JSON.stringify(status ? { status, body } : {}) });
/** A fault proxy (`/f/<id>`) in front of a new Bknd, or in front of refresh server `over`. */
export async function newFaultProxy(opts: { expires?: number; over?: string } = {}): Promise<{ id: string; host: string }> {
  const q = new URLSearchParams({ mode: 'pass', ...(opts.expires ? { expires: String(opts.expires) } : {}), ...(opts.over ? { over: opts.over } : {}) });
  return hub(`fault?${q}`);
}
export const setFault = (id: string, mode: string, delay = 0) => hub(`fault?id=${id}&mode=${mode}&delay=${delay}`);
export const requestCounts = (id: string, reset = false) => hub(`counts?id=${id}${reset ? '&reset=1' : ''}`);

let n = 0;
export const uniqueEmail = () => `u${Date.now()}-${n++}-${Math.random().toString(36).slice(2, 6)}@example.com`;

export async function waitFor(pred: () => unknown, timeout = 5000, what = 'condition') {
  const end = Date.now() + timeout;
  while (!pred()) {
    if (Date.now() > end) {
      // A page that stalled past `end` runs its overdue timers in due order: this poll's before a
      // later one the condition waits on (a session's expiry timer). One more turn lets those run.
      await new Promise((r) => setTimeout(r, 0));
      if (pred()) return;
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Records every controller event by name, in order. */
export function recordEvents(target: EventTarget) {
  const names: SessionEventName[] = ['session-change', 'session-login', 'session-logout', 'session-expiring', 'session-refresh', 'session-error'];
  const log: { type: string; detail: any }[] = [];
  for (const type of names) target.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail }));
  return {
    log,
    of: (type: SessionEventName) => log.filter((e) => e.type === type).map((e) => e.detail),
    errors: () => log.filter((e) => e.type === 'session-error').map((e) => e.detail.error.code as string),
  };
}

const live: SessionController[] = [];
/** A controller that is disposed after the test. */
export function controller(options: SessionOptions) {
  const c = new SessionController(options);
  live.push(c);
  return c;
}
export function disposeAll() {
  for (const c of live.splice(0)) c.dispose();
}

export function clearAll() {
  localStorage.clear();
  sessionStorage.clear();
}

/** A correctly shaped, correctly signed HS256 JWT made with a secret no server knows. */
export async function forgeToken(claims: Record<string, unknown>, expiresIn = 3600) {
  const { SignJWT } = await import('jose');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ id: 1, email: 'demo@example.com', role: 'user', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode('not-the-servers-secret-0123456789abcdef'));
}

/** An unsigned JWT by hand, for the shapes jose refuses to make. */
export function rawJwt(header: object, payload: object, sig = 'c2ln') {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64(header)}.${b64(payload)}.${sig}`;
}

/** A fresh Bknd with the `session-elements/bknd` plugin (header transport under its `/b/<id>` prefix); `accessTtl` in seconds. */
export async function newSessionsBknd(accessTtl = 600, grace = 10): Promise<string> {
  return (await hub(`bknd?accessTtl=${accessTtl}&grace=${grace}`, { method: 'POST', body: '{}' })).host;
}

/** Signs in on `host` as another device would (its own server session); returns its tokens. */
export async function signInElsewhere(host: string, user = DEMO): Promise<{ token: string; refresh_token: string }> {
  const res = await fetch(`${host}/api/auth/password/login`, {
    method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(user),
  });
  if (!res.ok) throw new Error(`sign-in elsewhere: ${res.status}`);
  return res.json();
}

/** `/api/auth/me` with a bearer token and no cookie: the status says whether the session still counts. */
export const meStatus = async (host: string, token: string) =>
  (await fetch(`${host}/api/auth/me`, { credentials: 'omit', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })).status;
