import { expect } from '@open-wc/testing';
import { MESSAGES, SessionController, SessionError, bknd } from '../../src/core/index.js';
import { DEMO, clearAll, controller, disposeAll, forgeToken, newBknd, recordEvents, rotateSecret, uniqueEmail, waitFor } from '../helpers.js';

describe('SessionController against a real Bknd server', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  beforeEach(clearAll);
  afterEach(disposeAll);

  const make = (opts = {}) => controller({ backend: bknd({ host }), ...opts });

  it('registers, then signs in with the password strategy and stores the raw JWT under "auth"', async () => {
    const email = uniqueEmail();
    const c = make();
    await c.start();
    expect(c.state.status).to.equal('unauthenticated');
    const ev = recordEvents(c);
    const user = await c.register({ email, password: 'password123' });
    expect(user?.email).to.equal(email);
    expect(c.state.status).to.equal('authenticated');
    await c.logout();
    await c.login({ email, password: 'password123' });
    expect(c.state.user?.email).to.equal(email);
    expect(c.state.expiresAt).to.be.greaterThan(Date.now());
    expect(c.state.renewable).to.equal(false);
    const stored = localStorage.getItem('auth')!;
    expect(stored.split('.')).to.have.length(3);
    expect(ev.of('session-login').at(-1)).to.deep.include({ remote: false });
    expect(ev.of('session-login').at(-1).user.email).to.equal(email);
  });

  it('rejects a wrong password with invalid-credentials and the server message', async () => {
    const c = make();
    await c.start();
    const ev = recordEvents(c);
    const err = await c.login({ ...DEMO, password: 'wrong-password' }).catch((e) => e);
    expect(err).to.be.instanceOf(SessionError);
    expect(err.code).to.equal('invalid-credentials');
    expect(err.status).to.equal(401);
    expect(err.message).to.equal(MESSAGES['invalid-credentials']);
    expect(err.hint).to.contain('Invalid credentials');
    expect(ev.errors()).to.deep.equal(['invalid-credentials']);
    expect(c.state.status).to.equal('unauthenticated');
    expect(localStorage.getItem('auth')).to.equal(null);
  });

  it('says in words that an email is taken (Bknd answers 500 with SQL)', async () => {
    const c = make();
    await c.start();
    const err = await c.register({ ...DEMO, password: 'password123' }).catch((e) => e);
    expect(err.code).to.equal('account-exists');
    expect(err.message).to.equal(MESSAGES['account-exists']);
    expect(err.hint).to.match(/already exists/);
  });

  it('checks the user with /api/auth/me and fetch() adds the bearer token', async () => {
    const c = make();
    await c.start();
    await c.login(DEMO);
    await c.refresh(); // without a refresh endpoint this re-validates with /me
    expect(c.state.status).to.equal('authenticated');
    const res = await c.fetch(`/api/auth/me`);
    expect(res.status).to.equal(200);
    expect((await res.json()).user.email).to.equal(DEMO.email);
  });

  it('signs out everywhere local, with reason logout, and clears the stored token', async () => {
    const c = make();
    await c.start();
    await c.login(DEMO);
    const ev = recordEvents(c);
    await c.logout();
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'logout', user: null });
    expect(localStorage.getItem('auth')).to.equal(null);
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'logout', remote: false }]);
  });

  it('on reload with a stored token is authenticated at once, never passing through unauthenticated', async () => {
    const a = make();
    await a.start();
    await a.login(DEMO);
    a.dispose();
    const b = make();
    const seen: string[] = [];
    b.subscribe((s) => seen.push(s.status));
    const started = b.start();
    await waitFor(() => b.state.status !== 'loading', 2000);
    expect(b.state.status).to.equal('authenticated');
    await started;
    expect(seen.filter((s, i) => s !== seen[i - 1])).to.deep.equal(['loading', 'authenticated']);
    expect(b.state.user?.email).to.equal(DEMO.email);
  });

  it('a stored token the server rejects signs out with reason invalid and is removed', async () => {
    localStorage.setItem('auth', await forgeToken({}));
    const c = make();
    const ev = recordEvents(c);
    await c.start();
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'invalid' });
    expect(localStorage.getItem('auth')).to.equal(null);
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'invalid', remote: false }]);
  });

  it('fetch() re-validates on 403 and signs out with reason invalid when the server disowns the token', async () => {
    const h = await newBknd();
    const c = controller({ backend: bknd({ host: h }), checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    await rotateSecret(h);
    const res = await c.fetch(`/api/auth/me`);
    expect(res.status).to.equal(403);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'invalid' });
  });

  it('fetch() keeps the session when a 403 is a permission matter (the session still checks out)', async () => {
    const c = make({ checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    const other = await newBknd(); // its secret differs: it answers 403 to our token
    const res = await c.fetch(new URL(`${other}/api/auth/me`, location.href).href);
    expect(res.status).to.equal(403);
    expect(c.state.status).to.equal('authenticated');
  });

  it('expires by the token exp with a warning first, reason expired (jwt.expires = 3 s)', async () => {
    const h = await newBknd(3);
    const c = controller({ backend: bknd({ host: h }), warnBefore: 2, checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(DEMO);
    await waitFor(() => c.state.warning, 3000, 'warning');
    expect(c.state.warning?.kind).to.equal('expiry');
    expect(ev.of('session-expiring')[0]).to.deep.equal({ kind: 'expiry', endsAt: c.state.expiresAt });
    await waitFor(() => c.state.status === 'unauthenticated', 4000, 'expiry');
    expect(c.state.reason).to.equal('expired');
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'expired', remote: false }]);
    expect(localStorage.getItem('auth')).to.equal(null);
  });

  it('a stored token that already expired is removed on start, reason expired', async () => {
    const h = await newBknd(1);
    const a = controller({ backend: bknd({ host: h }) });
    await a.start();
    await a.login(DEMO);
    a.dispose();
    await new Promise((r) => setTimeout(r, 1100));
    const b = controller({ backend: bknd({ host: h }) });
    await b.start();
    expect(b.state).to.include({ status: 'unauthenticated', reason: 'expired' });
    expect(localStorage.getItem('auth')).to.equal(null);
  });

  describe('cookie transport', () => {
    const cookieOpts = { transport: 'cookie' as const };

    it('signs in with the httpOnly cookie and writes no token anywhere JS can read', async () => {
      const c = make(cookieOpts);
      await c.start();
      await c.login(DEMO);
      expect(c.state.status).to.equal('authenticated');
      expect(document.cookie).not.to.contain('eyJ');
      for (const s of [localStorage, sessionStorage])
        for (let i = 0; i < s.length; i++) expect(s.getItem(s.key(i)!)).not.to.match(/eyJ[\w-]+\.[\w-]+/);
      const res = await c.fetch(`/api/auth/me`);
      expect(res.status).to.equal(200);
      await c.logout();
    });

    it('restores on reload from the cookie, and finds a cookie session it had no hint of', async () => {
      const a = make(cookieOpts);
      await a.start();
      await a.login(DEMO);
      a.dispose();
      const b = make(cookieOpts);
      await b.start();
      expect(b.state.status).to.equal('authenticated');
      b.dispose();
      localStorage.clear(); // no hint: only the cookie knows
      const c = make(cookieOpts);
      const ev = recordEvents(c);
      await c.start();
      expect(c.state.status).to.equal('authenticated');
      expect(c.state.user?.email).to.equal(DEMO.email);
      expect(ev.of('session-login')).to.have.length(1);
      await c.logout();
      const d = make(cookieOpts);
      await d.start();
      expect(d.state.status).to.equal('unauthenticated');
    });
  });

  it('is a plain EventTarget that needs no DOM to construct', () => {
    const c = new SessionController();
    expect(c).to.be.instanceOf(EventTarget);
    expect(c.state.status).to.equal('loading');
    c.dispose();
  });
});
