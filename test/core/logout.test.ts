import { expect } from '@open-wc/testing';
import { bknd, type LogoutScope, type SessionBackend } from '../../src/core/index.js';
import { DEMO, clearAll, controller, disposeAll, newBknd, newFaultProxy, recordEvents, setFault } from '../helpers.js';

/** Bknd's own `/me` with the browser's cookie: whether the server still takes this browser's session. */
const cookieStatus = async (host: string) => (await fetch(`${host}/api/auth/me`, { credentials: 'include', headers: { accept: 'application/json' } })).status;

/** A real Bknd backend that also records the scope every logout was asked for. */
function recording(host: string) {
  const real = bknd({ host });
  const scopes: (LogoutScope | undefined)[] = [];
  const backend: SessionBackend = { ...real, logout: (ctx, o) => (scopes.push(o?.scope), real.logout(ctx, o)) };
  return { backend, scopes };
}

describe('logout({ scope })', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('passes the scope to the backend: local by default, global signs out here too', async () => {
    const { backend, scopes } = recording(host);
    const c = controller({ backend, checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    await c.logout();
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'logout' });
    await c.login(DEMO);
    await c.logout({ scope: 'global' });
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'logout' });
    expect(scopes).to.deep.equal(['local', 'global']);
  });

  it('others: the server is asked, and this session stays signed in, stored, with no event', async () => {
    const real = bknd({ host });
    const scopes: unknown[] = [];
    // Bknd 0.20 has no "others" sign-out (the sessions plugin has): only the call is observed here.
    const c = controller({ backend: { ...real, logout: async (_ctx, o) => void scopes.push(o?.scope) }, checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    const ev = recordEvents(c);
    await c.logout({ scope: 'others' });
    expect(scopes).to.deep.equal(['others']);
    expect(c.state.status).to.equal('authenticated');
    expect(localStorage.getItem('auth')).to.be.a('string');
    expect(ev.log).to.deep.equal([]);
  });

  it('others: a failure is reported and rejects; the session here is kept', async () => {
    const proxy = await newFaultProxy();
    const c = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0, requestTimeout: 500 });
    await c.start();
    await c.login(DEMO);
    await setFault(proxy.id, 'reset');
    const ev = recordEvents(c);
    const err = await c.logout({ scope: 'others' }).catch((e) => e);
    expect(err.code).to.equal('network');
    expect(ev.errors()).to.deep.equal(['network']);
    expect(c.state.status).to.equal('authenticated');
  });

  it('an unknown scope is a config error; nothing is signed out', async () => {
    const { backend, scopes } = recording(host);
    const c = controller({ backend, checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    const ev = recordEvents(c);
    const err = await c.logout({ scope: 'everywhere' as LogoutScope }).catch((e) => e);
    expect(err.code).to.equal('config');
    expect(err.hint).to.match(/local, others or global/);
    expect(ev.errors()).to.deep.equal(['config']);
    expect(scopes).to.deep.equal([]);
    expect(c.state.status).to.equal('authenticated');
  });
});

describe('cookie transport: a sign-out that leaving the page cannot undo', () => {
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('session-logout fires only once the server has cleared the cookie, so a listener that leaves lands signed out', async () => {
    const proxy = await newFaultProxy();
    const c = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    expect(await cookieStatus(proxy.host)).to.equal(200);
    await setFault(proxy.id, 'pass', 150); // every answer 150 ms late, the logout's too
    const seen: number[] = [];
    let stateThen = '';
    c.addEventListener('session-logout', () => {
      stateThen = c.state.status;
      seen.push(0);
    });
    const out = c.logout();
    expect(c.state.status, 'still signed in while the server is asked').to.equal('authenticated');
    await out;
    expect(seen).to.have.length(1);
    expect(stateThen).to.equal('unauthenticated');
    await setFault(proxy.id, 'pass', 0);
    expect(await cookieStatus(proxy.host)).to.equal(403);
  });

  it('a page left before the answer: the next page finishes the sign-out before it trusts the cookie', async () => {
    const proxy = await newFaultProxy();
    const c1 = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0 });
    await c1.start();
    await c1.login(DEMO);
    await setFault(proxy.id, 'hang'); // the answer never comes: the page leaves first
    void c1.logout();
    c1.dispose();
    expect(localStorage.getItem('auth:logout')).to.equal('1');
    await setFault(proxy.id, 'pass');
    expect(await cookieStatus(proxy.host), 'the cookie is still good').to.equal(200);
    const c2 = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0 });
    const ev = recordEvents(c2);
    await c2.start();
    expect(c2.state).to.include({ status: 'unauthenticated', reason: 'logout' });
    expect(ev.of('session-login')).to.deep.equal([]);
    expect(localStorage.getItem('auth:logout')).to.equal(null);
    expect(localStorage.getItem('auth:hint')).to.equal(null);
    expect(await cookieStatus(proxy.host)).to.equal(403);
  });

  it('the mark holds while the server cannot be reached, and a new sign-in ends it', async () => {
    const proxy = await newFaultProxy();
    const c1 = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0, requestTimeout: 500 });
    await c1.start();
    await c1.login(DEMO);
    await setFault(proxy.id, 'reset');
    await c1.logout();
    expect(c1.state.status).to.equal('unauthenticated');
    expect(localStorage.getItem('auth:logout')).to.equal('1');
    c1.dispose();
    const c2 = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0, requestTimeout: 500 });
    await c2.start();
    expect(c2.state.status).to.equal('unauthenticated');
    expect(localStorage.getItem('auth:logout'), 'still to be finished').to.equal('1');
    await setFault(proxy.id, 'pass');
    await c2.login(DEMO);
    expect(localStorage.getItem('auth:logout')).to.equal(null);
  });
});
