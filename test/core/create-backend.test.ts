import { expect, fixture, html } from '@open-wc/testing';
import { createBackend, isSessionError, refreshBackend, type SessionBackend, type SessionProvider } from '../../src/index.js';
import { lazyBackend } from '../../src/core/create-backend.js';
import { RT_USER, clearAll, controller, disposeAll, newRefreshServer, recordEvents, rtStats, waitFor } from '../helpers.js';

/** Whether the page has requested the refresh backend's module (the dev server serves it from src). */
const refreshModuleRequested = () =>
  performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith('/src/core/backends/refresh.ts') || new URL(e.name).pathname.endsWith('/src/core/backends/refresh.js'));

describe('createBackend and lazy backends', () => {
  beforeEach(clearAll);
  afterEach(disposeAll);

  // First in this file: nothing before it has created a refresh backend, so nothing loaded its module.
  it('loads the refresh backend module only once one is created, and starts loading it then', async () => {
    expect(refreshModuleRequested(), 'not loaded by the entry').to.equal(false);
    createBackend('refresh', 'http://127.0.0.1:9');
    // No method called: the request is the prefetch made at creation.
    await waitFor(refreshModuleRequested, 5000, 'the refresh module to be requested');
  });

  it('names bknd (in the entry) and refresh (lazy); anything else is null', () => {
    const rb = createBackend('refresh')!;
    expect(Object.keys(rb).sort()).to.deep.equal(['host', 'login', 'logout', 'me', 'refresh', 'register']);
    const bk = createBackend('bknd')!;
    // Bknd refreshes only sessions whose sign-in brought a refresh token (the session-elements/bknd plugin).
    expect([typeof bk.refresh, bk.refreshNeedsToken]).to.deep.equal(['function', true]);
    expect(createBackend('oauth')).to.equal(null);
    expect(createBackend('')).to.equal(null);
  });

  it('a lazy refresh backend signs in, is renewable and refreshes with rotation', async () => {
    const rt = await newRefreshServer(60);
    const c = controller({ backend: createBackend('refresh', rt.host)!, checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    expect(c.state.renewable).to.equal(true);
    await c.login(RT_USER);
    expect(c.state.status).to.equal('authenticated');
    expect(c.state.user).to.include({ email: RT_USER.email });
    const refreshToken = localStorage.getItem('auth:refresh');
    expect(await c.refresh()).to.equal(true);
    expect(localStorage.getItem('auth:refresh')).to.be.a('string').and.not.equal(refreshToken);
    expect(ev.of('session-refresh')).to.have.length(1);
    expect((await rtStats(rt.id)).rejectedRefresh).to.equal(0);
  });

  it('refreshBackend(options) passes its options through to the lazily loaded backend', async () => {
    const rt = await newRefreshServer(60);
    const c = controller({ backend: refreshBackend({ host: rt.host, paths: { login: '/auth/nowhere' } }), checkInterval: 0 });
    await c.start();
    const error = await c.login(RT_USER).then(() => null, (e) => e);
    expect(isSessionError(error), String(error)).to.equal(true);
    expect(c.state.status).to.equal('unauthenticated');
  });

  it('<session-provider backend="refresh"> works through the lazy chunk', async () => {
    const rt = await newRefreshServer(60);
    const p = await fixture<SessionProvider>(html`<session-provider backend="refresh" host=${rt.host} check-interval="0"></session-provider>`);
    await waitFor(() => p.status !== 'loading', 5000, 'the provider to settle');
    expect(p.status).to.equal('unauthenticated');
    expect(p.state!.renewable).to.equal(true);
    await p.login(RT_USER);
    expect(p.status).to.equal('authenticated');
    expect(await p.refresh()).to.equal(true);
    expect(p.status).to.equal('authenticated');
  });

  it('a module that fails to load is a network error, and the next call loads it again', async () => {
    let fail = true;
    let loads = 0;
    const real: SessionBackend = {
      login: async () => ({ token: 't' }),
      me: async () => ({ email: 'a@example.com' }),
      logout: async () => {},
    };
    const b = lazyBackend(async () => {
      loads++;
      if (fail) throw new TypeError('Failed to fetch dynamically imported module');
      return real;
    }, []);
    expect(b.refresh).to.equal(undefined);
    const ctx = {} as Parameters<SessionBackend['me']>[0];
    const error = await b.me(ctx).then(() => null, (e) => e);
    expect(isSessionError(error) && error.code).to.equal('network');
    expect(error.cause).to.be.instanceOf(TypeError);
    fail = false;
    expect(await b.me(ctx)).to.deep.equal({ email: 'a@example.com' });
    expect(await b.me(ctx)).to.deep.equal({ email: 'a@example.com' });
    expect(loads, 'the failed load (also the prefetch) is tried again once, then kept').to.equal(2);
  });

  it('declares the optional methods it is told the real backend has, and forwards their arguments', async () => {
    const seen: unknown[] = [];
    const b = lazyBackend(async () => ({
      login: async () => ({}),
      me: async () => null,
      logout: async () => {},
      refresh: async (ctx) => (seen.push(ctx), { token: 'new' }),
    }), ['refresh']);
    expect(b.register).to.equal(undefined);
    const ctx = { token: 'x' } as Parameters<SessionBackend['me']>[0];
    expect(await b.refresh!(ctx)).to.deep.equal({ token: 'new' });
    expect(seen).to.deep.equal([ctx]);
  });
});
