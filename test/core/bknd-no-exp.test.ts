import { expect } from '@open-wc/testing';
import { bknd, type SessionState } from '../../src/core/index.js';
import { deadlines } from '../../src/core/deadlines.js';
import { DEMO, clearAll, controller, disposeAll, newRefreshServer, recordEvents, rotateSecret, uniqueEmail, waitFor } from '../helpers.js';

/** A fresh Bknd with its default config: no `auth.jwt.expires`, so its tokens have no `exp`. */
async function noExpBknd(): Promise<string> {
  const res = await fetch('/__hub/bknd?expires=0', { method: 'POST', body: '{}' });
  return (await res.json()).host;
}
const claims = (token: string) => JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
/**
 * Whether Bknd's cookie (same origin here) no longer signs this browser in once the library's
 * sign-out request was answered (it is not awaited by the sign-in). Asked only after that answer:
 * a `/me` with the cookie renews it, and one answered after the sign-out would bring it back.
 */
async function cookieGone(host: string, logouts: () => number) {
  await waitFor(() => logouts() > 0, 5000, 'the sign-out request');
  const res = await fetch(`${host}/api/auth/me`, { credentials: 'include', headers: { accept: 'application/json' } });
  return res.status === 403;
}

/** Counts answered requests to `/api/auth/logout` (the page's real fetch, observed). */
function watchLogouts() {
  const real = globalThis.fetch;
  let n = 0;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await real(...args);
    if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/api/auth/logout')) n++;
    return res;
  };
  return { count: () => n, restore: () => void (globalThis.fetch = real) };
}

/**
 * Bknd as people run it: without `auth.jwt.expires` (its default, and the config of its own
 * examples) a token has no `exp`. Such a token is a session that lasts until the server says
 * otherwise: the periodic check's 403, or a sign-out. No expiry warning, no refresh.
 */
describe('Bknd with no jwt.expires: tokens without exp are sessions', () => {
  let host: string;
  before(async () => {
    host = await noExpBknd();
  });
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('registers and signs in: authenticated with expiresAt null, stored, no warning', async () => {
    const email = uniqueEmail();
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    const ev = recordEvents(c);
    expect((await c.register({ email, password: 'password123' }))?.email).to.equal(email);
    expect(c.state).to.include({ status: 'authenticated', expiresAt: null, warning: null, renewable: false });
    const token = localStorage.getItem('auth')!;
    expect(claims(token)).to.include({ email }).and.not.to.have.property('exp');
    await c.logout();
    await c.login({ email, password: 'password123' });
    expect(c.state).to.include({ status: 'authenticated', expiresAt: null, warning: null });
    expect(ev.errors()).to.deep.equal([]);
    expect(ev.of('session-login').map((d) => d.user.email)).to.deep.equal([email, email]);
    expect(ev.of('session-expiring')).to.deep.equal([]);
  });

  it('on reload restores from storage at once, never passing through unauthenticated', async () => {
    const a = controller({ backend: bknd({ host }), checkInterval: 0 });
    await a.start();
    await a.login(DEMO);
    a.dispose();
    const b = controller({ backend: bknd({ host }), checkInterval: 0 });
    const seen: string[] = [];
    b.subscribe((s) => seen.push(s.status));
    await b.start();
    expect(seen.filter((s, i) => s !== seen[i - 1])).to.deep.equal(['loading', 'authenticated']);
    expect(b.state).to.include({ status: 'authenticated', expiresAt: null });
    expect(b.state.user?.email).to.equal(DEMO.email);
  });

  it('the periodic check ends it when the server disowns the token (403): reason invalid, token removed', async () => {
    const h = await noExpBknd();
    const c = controller({ backend: bknd({ host: h }), checkInterval: 1 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(DEMO);
    await rotateSecret(h); // a redeploy with a new secret: every token issued so far is refused
    await waitFor(() => c.state.status === 'unauthenticated', 5000, 'the periodic check');
    expect(c.state.reason).to.equal('invalid');
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'invalid', remote: false }]);
    expect(localStorage.getItem('auth')).to.equal(null);
  });

  it('has no deadline but the periodic check: no warning, no refresh, no expiry, however late', () => {
    const s: SessionState = { status: 'authenticated', user: { id: 1 }, expiresAt: null, warning: null, offline: false, reason: null, renewable: true };
    const t = { refreshBefore: 60_000, checkInterval: 300_000, idleTimeout: 0, warnBefore: 60_000 };
    const m = { lastActivity: 0, lastCheck: 0, retryAt: 0, lifetime: Infinity, leader: true, canRenew: true, renewalRefused: false };
    const due = deadlines(s, t, m, 10 * 365 * 86_400_000);
    expect(due).to.include({ end: null, warning: null, refresh: false, check: true });
    expect(deadlines(s, t, { ...m, lastCheck: 10 * 365 * 86_400_000 }, 10 * 365 * 86_400_000 + 1).next).to.equal(10 * 365 * 86_400_000 + 300_000);
  });
});

/**
 * An answer the library refuses after the server already started a session (Bknd set its
 * cookie): the library signs that session out again and says so in the error's hint.
 */
describe('a refused sign-in answer does not leave a server session behind', () => {
  let logouts: ReturnType<typeof watchLogouts>;
  beforeEach(() => {
    clearAll();
    logouts = watchLogouts();
  });
  afterEach(() => {
    logouts.restore();
    disposeAll();
  });

  it('a token the library cannot use (a jwks-url that does not sign Bknd tokens): invalid-token, Bknd cookie cleared', async () => {
    const host = await noExpBknd();
    const rt = await newRefreshServer(60); // its JWKS has none of Bknd's keys (Bknd signs with HS256 anyway)
    const c = controller({ backend: bknd({ host }), checkInterval: 0, jwksUrl: `${rt.host}/.well-known/jwks.json` });
    await c.start();
    const ev = recordEvents(c);
    const email = uniqueEmail();
    const err = await c.register({ email, password: 'password123' }).catch((e) => e);
    expect(err.code).to.equal('invalid-token');
    expect(err.hint).to.match(/signature check failed/);
    expect(err.hint).to.match(/\(the server's new session was signed out\)$/);
    expect(ev.of('session-error').map((d) => d.error)).to.deep.equal([err]);
    expect(c.state.status).to.equal('unauthenticated');
    expect(localStorage.getItem('auth')).to.equal(null);
    expect(await cookieGone(host, logouts.count), 'Bknd cookie still signs the browser in').to.equal(true);
  });

  it('a sign-out while the sign-in was on its way: the late answer is dropped and its session ended', async () => {
    const host = await noExpBknd();
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    const pending = c.login(DEMO);
    await c.logout();
    const err = await pending.catch((e) => e);
    expect(err.name).to.equal('AbortError');
    expect(c.state.status).to.equal('unauthenticated');
    expect(await cookieGone(host, () => logouts.count() - 1), 'Bknd cookie still signs the browser in').to.equal(true);
  });
});

/** Bknd 0.21 (`bknd-rc`, whatever `BKND_PACKAGE` runs the rest) answers 404 to register while `auth.allow_register` is false. */
describe('registration closed (Bknd 0.21 allow_register: false)', () => {
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('register fails with registration-closed, a plain message and a hint naming the setting; sign-in still works', async () => {
    const res = await fetch('/__hub/bknd?package=bknd-rc&register=0', { method: 'POST', body: '{}' });
    const { host, package: pkg } = await res.json();
    expect(pkg).to.equal('bknd-rc');
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    const ev = recordEvents(c);
    const err = await c.register({ email: uniqueEmail(), password: 'password123' }).catch((e) => e);
    expect(err.code).to.equal('registration-closed');
    expect(err.status).to.equal(404);
    expect(err.message).not.to.match(/bknd|allow_register|404/i);
    expect(err.hint).to.match(/auth\.allow_register is false/);
    expect(ev.errors()).to.deep.equal(['registration-closed']);
    expect(c.state.status).to.equal('unauthenticated');
    await c.login(DEMO);
    expect(c.state.user?.email).to.equal(DEMO.email);
  });
});
