import { expect } from '@open-wc/testing';
import { SessionError, bknd, type AuthResult, type SessionBackend } from '../../src/core/index.js';
import { DEMO, clearAll, controller, disposeAll, newBknd, recordEvents } from '../helpers.js';

/**
 * The backend interface's newer parts: `expiresIn` for opaque access tokens and `resume()` for
 * sign-ins that finish on page load (an OAuth redirect). A custom backend is part of the public
 * API, so these use small custom backends, one of them over a real Bknd.
 */
describe('backend interface: opaque tokens and resume()', () => {
  beforeEach(clearAll);
  afterEach(disposeAll);

  const USER = { id: 7, email: 'opaque@example.com' };
  /** An OAuth-like server whose access tokens are opaque strings valid for `ttl` seconds. */
  function opaqueBackend(ttl = 120): SessionBackend & { issued: number } {
    const backend = {
      issued: 0,
      async login(): Promise<AuthResult> {
        return { token: `opaque-${++backend.issued}`, refreshToken: `r-${backend.issued}`, expiresIn: ttl, user: USER };
      },
      async refresh(): Promise<AuthResult> {
        return { token: `opaque-${++backend.issued}`, refreshToken: `r-${backend.issued}`, expiresIn: ttl };
      },
      async me(ctx: { token: string | null }) {
        return ctx.token?.startsWith('opaque-') ? USER : null;
      },
      async logout() {},
    };
    return backend;
  }

  it('an opaque access token is timed by expiresIn, stored with its expiry and user, and restored on reload', async () => {
    const backend = opaqueBackend(120);
    const a = controller({ backend, checkInterval: 0 });
    await a.start();
    const t0 = Date.now();
    await a.login({ email: USER.email, password: 'x' });
    expect(a.state.user).to.deep.equal(USER);
    expect(a.state.expiresAt).to.be.within(t0 + 118_000, Date.now() + 121_000);
    expect(localStorage.getItem('auth')).to.equal('opaque-1');
    expect(JSON.parse(localStorage.getItem('auth:meta')!).user).to.deep.equal(USER);
    const expiresAt = a.state.expiresAt;
    a.dispose();
    const b = controller({ backend, checkInterval: 0 });
    await b.start();
    expect(b.state).to.include({ status: 'authenticated', expiresAt });
    expect(b.state.user).to.deep.equal(USER);
    expect(await b.refresh()).to.equal(true);
    expect(b.state.user, 'a refresh keeps the user').to.deep.equal(USER);
    expect(localStorage.getItem('auth')).to.equal('opaque-2');
    await b.logout();
    expect(localStorage.getItem('auth:meta')).to.equal(null);
  });

  it('an opaque token without expiresIn is refused with invalid-token', async () => {
    const backend = { ...opaqueBackend(), login: async () => ({ token: 'opaque-x', user: USER }) };
    const c = controller({ backend, checkInterval: 0 });
    await c.start();
    const err = await c.login({ email: USER.email, password: 'x' }).catch((e) => e);
    expect(err.code).to.equal('invalid-token');
    expect(c.state.status).to.equal('unauthenticated');
  });

  it('an opaque token whose stored expiry is missing is removed on start', async () => {
    localStorage.setItem('auth', 'opaque-9');
    const c = controller({ backend: opaqueBackend(), checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    expect(ev.errors()).to.deep.equal(['invalid-token']);
    expect(c.state.status).to.equal('unauthenticated');
    expect(localStorage.getItem('auth')).to.equal(null);
  });

  it("a JWT's own exp wins over expiresIn (real Bknd token)", async () => {
    const host = await newBknd(3600);
    const real = bknd({ host });
    const backend: SessionBackend = { ...real, login: async (c, ctx) => ({ ...(await real.login(c, ctx)), expiresIn: 5 }) };
    const c = controller({ backend, checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    expect(c.state.expiresAt! - Date.now()).to.be.greaterThan(3000_000);
    expect(localStorage.getItem('auth:meta')).to.equal(null);
  });

  it('resume() at start is a fresh sign-in that wins over storage', async () => {
    localStorage.setItem('auth', 'opaque-old');
    localStorage.setItem('auth:meta', JSON.stringify({ user: { id: 1 }, exp: Date.now() / 1000 + 600 }));
    const backend = { ...opaqueBackend(), resume: async () => ({ token: 'opaque-resumed', expiresIn: 60, user: USER }) };
    const c = controller({ backend, checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    expect(c.state.status).to.equal('authenticated');
    expect(c.state.user).to.deep.equal(USER);
    expect(ev.of('session-login')).to.deep.equal([{ user: USER, remote: false }]);
    expect(localStorage.getItem('auth')).to.equal('opaque-resumed');
  });

  it('resume() returning null leaves start as it was; a typed error is emitted and start goes on', async () => {
    const quiet = controller({ backend: { ...opaqueBackend(), resume: async () => null }, checkInterval: 0 });
    await quiet.start();
    expect(quiet.state.status).to.equal('unauthenticated');
    quiet.dispose();
    localStorage.setItem('auth', 'opaque-kept');
    localStorage.setItem('auth:meta', JSON.stringify({ user: USER, exp: Date.now() / 1000 + 600 }));
    const failing = { ...opaqueBackend(), resume: async () => Promise.reject(new SessionError('invalid-credentials', 'state mismatch')) };
    const c = controller({ backend: failing, checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    expect(ev.errors()).to.deep.equal(['invalid-credentials']);
    expect(c.state.status).to.equal('authenticated');
    expect(c.state.user).to.deep.equal(USER);
  });
});
