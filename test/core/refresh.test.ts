import { expect } from '@open-wc/testing';
import { decodeJwt } from 'jose';
import { refreshBackend } from '../../src/core/index.js';
import { RT_USER, clearAll, controller, disposeAll, newFaultProxy, newRefreshServer, recordEvents, rtRevoke, rtStats, setFault, waitFor } from '../helpers.js';

describe('SessionController against an access + refresh token server (rotating refresh tokens)', () => {
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('refreshes ahead of expiry, rotating the refresh token', async () => {
    const rt = await newRefreshServer(6);
    const c = controller({ backend: refreshBackend({ host: rt.host }), refreshBefore: 4, checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(RT_USER);
    expect(c.state.renewable).to.equal(true);
    const firstToken = localStorage.getItem('auth');
    const firstRefresh = localStorage.getItem('auth:refresh');
    expect(firstRefresh).to.be.a('string');
    await waitFor(() => ev.of('session-refresh').length > 0, 5000, 'refresh');
    expect(localStorage.getItem('auth')).not.to.equal(firstToken);
    expect(localStorage.getItem('auth:refresh')).not.to.equal(firstRefresh);
    expect(decodeJwt(localStorage.getItem('auth')!).exp).to.be.greaterThan(decodeJwt(firstToken!).exp!);
    expect(ev.of('session-refresh')[0].expiresAt).to.equal(c.state.expiresAt);
    expect(c.state.status).to.equal('authenticated');
    expect(c.state.warning).to.equal(null);
    expect((await rtStats(rt.id)).rejectedRefresh).to.equal(0);
  });

  it('a rejected refresh token signs out with reason invalid and an invalid-token error', async () => {
    const rt = await newRefreshServer(60);
    const c = controller({ backend: refreshBackend({ host: rt.host }), checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(RT_USER);
    await rtRevoke(rt.id);
    expect(await c.refresh()).to.equal(false);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'invalid' });
    expect(ev.errors()).to.include('invalid-token');
    expect(localStorage.getItem('auth')).to.equal(null);
    expect(localStorage.getItem('auth:refresh')).to.equal(null);
  });

  it('a refresh during a network failure keeps the session, sets offline, and recovers', async () => {
    const rt = await newRefreshServer(60);
    const proxy = await newFaultProxy({ over: `rt:${rt.id}` });
    const c = controller({ backend: refreshBackend({ host: proxy.host }), checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(RT_USER);
    const token = localStorage.getItem('auth');
    await setFault(proxy.id, 'reset');
    expect(await c.refresh()).to.equal(false);
    expect(c.state).to.include({ status: 'authenticated', offline: true });
    expect(ev.errors()).to.deep.equal(['network']);
    expect(localStorage.getItem('auth')).to.equal(token);
    await setFault(proxy.id, '502');
    expect(await c.refresh()).to.equal(false);
    expect(c.state).to.include({ status: 'authenticated', offline: true });
    await setFault(proxy.id, 'pass');
    window.dispatchEvent(new Event('online'));
    await waitFor(() => !c.state.offline, 5000, 'recovery');
    expect(c.state.status).to.equal('authenticated');
    expect(ev.of('session-logout')).to.deep.equal([]);
  });

  it('refresh tokens in an httpOnly cookie: nothing but the access token is stored', async () => {
    const rt = await newRefreshServer(60, true);
    const c = controller({ backend: refreshBackend({ host: rt.host, refreshTokenIn: 'cookie' }), checkInterval: 0 });
    await c.start();
    await c.login(RT_USER);
    expect(localStorage.getItem('auth:refresh')).to.equal(null);
    const before = localStorage.getItem('auth');
    await new Promise((r) => setTimeout(r, 1100)); // a new iat makes a different token
    expect(await c.refresh()).to.equal(true);
    expect(localStorage.getItem('auth')).not.to.equal(before);
    expect((await rtStats(rt.id)).refresh).to.equal(1);
  });

  it('takes a refresh made by another tab instead of spending a rotated token', async () => {
    const rt = await newRefreshServer(60);
    const opts = { backend: refreshBackend({ host: rt.host }), checkInterval: 0 };
    const a = controller(opts);
    await a.start();
    await a.login(RT_USER);
    const b = controller(opts); // a second "tab" on the same storage
    await b.start();
    expect(b.state.status).to.equal('authenticated');
    expect(await a.refresh()).to.equal(true);
    // b still holds the spent refresh token in memory; its refresh must not be rejected into a sign-out
    await b.refresh();
    expect(b.state.status).to.equal('authenticated');
    expect(a.state.status).to.equal('authenticated');
    expect((await rtStats(rt.id)).rejectedRefresh).to.equal(0);
  });

  it('fetch() refreshes on 401 and retries with the new token', async () => {
    const rt = await newRefreshServer(60);
    const c = controller({ backend: refreshBackend({ host: rt.host }), checkInterval: 0 });
    await c.start();
    await c.login(RT_USER);
    const res = await c.fetch(`/auth/me`);
    expect(res.status).to.equal(200);
    expect((await res.json()).user.email).to.equal(RT_USER.email);
  });

  it('verifies signatures with jwks-url, issuer and audience, and rejects a wrong audience', async () => {
    const rt = await newRefreshServer(60);
    const jwksUrl = `${rt.host}/.well-known/jwks.json`;
    const ok = controller({ backend: refreshBackend({ host: rt.host }), checkInterval: 0, jwksUrl, issuer: 'rt-test', audience: 'session-elements' });
    await ok.start();
    await ok.login(RT_USER);
    expect(ok.state.status).to.equal('authenticated');
    ok.dispose();
    localStorage.clear();
    const bad = controller({ backend: refreshBackend({ host: rt.host }), checkInterval: 0, jwksUrl, audience: 'someone-else', storageKey: 'other' });
    const ev = recordEvents(bad);
    await bad.start();
    const err = await bad.login(RT_USER).catch((e) => e);
    expect(err.code).to.equal('invalid-token');
    expect(ev.errors()).to.include('invalid-token');
    expect(bad.state.status).to.equal('unauthenticated');
  });
});
