import { expect } from '@open-wc/testing';
import { bknd } from '../../src/core/index.js';
import { DEMO, clearAll, controller, disposeAll, newFaultProxy, recordEvents, requestCounts, setFault } from '../helpers.js';

/**
 * Cookie transport: a sign-in is reported only after one `/me` with credentials shows the browser
 * kept the cookie. A real Bknd behind a proxy that drops `Set-Cookie` stands in for a browser that
 * blocked a third-party cookie (the three-origin suite covers the real cross-site case).
 */
describe('cookie transport: sign-ins are confirmed by the browser keeping the cookie', () => {
  const calls = async (id: string, path: string) => (await requestCounts(id))[`${id} ${path}`] ?? 0;
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('fails with cookie-blocked, naming cause and fixes, when the cookie was not kept: no sign-in, nothing stored', async () => {
    const proxy = await newFaultProxy();
    await setFault(proxy.id, 'nocookie');
    const c = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0 });
    await c.start();
    const ev = recordEvents(c);
    const err = await c.login(DEMO).catch((e) => e);
    expect(err.code).to.equal('cookie-blocked');
    expect(err.hint).to.match(/third-party cookie/);
    expect(err.hint).to.match(/partitioned: true/);
    expect(err.hint).to.match(/transport="header"/);
    expect(ev.errors()).to.deep.equal(['cookie-blocked']);
    expect(ev.of('session-login')).to.deep.equal([]);
    expect(ev.of('session-change')).to.deep.equal([]);
    expect(c.state.status).to.equal('unauthenticated');
    expect(localStorage.length).to.equal(0);
    expect(await calls(proxy.id, '/api/auth/password/login')).to.equal(1);
    expect(await calls(proxy.id, '/api/auth/me')).to.equal(2); // the start-up probe and the one confirmation
  });

  it('register is confirmed the same way', async () => {
    const proxy = await newFaultProxy();
    await setFault(proxy.id, 'nocookie');
    const c = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0 });
    await c.start();
    const err = await c.register({ email: `c${Date.now()}@example.com`, password: 'password123' }).catch((e) => e);
    expect(err.code).to.equal('cookie-blocked');
    expect(c.state.status).to.equal('unauthenticated');
  });

  it('succeeds once the cookie is kept, with the user from /me, and one sign-in event', async () => {
    const proxy = await newFaultProxy();
    const c = controller({ backend: bknd({ host: proxy.host }), transport: 'cookie', checkInterval: 0 });
    await c.start();
    const ev = recordEvents(c);
    await requestCounts(proxy.id, true);
    const user = await c.login(DEMO);
    expect(user?.email).to.equal(DEMO.email);
    expect(c.state.status).to.equal('authenticated');
    expect(ev.of('session-login')).to.have.length(1);
    expect(await calls(proxy.id, '/api/auth/me')).to.equal(1);
    await c.logout();
  });

  it('header transport needs no confirmation', async () => {
    const proxy = await newFaultProxy();
    const c = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0 });
    await c.start();
    await requestCounts(proxy.id, true);
    await c.login(DEMO);
    expect(await calls(proxy.id, '/api/auth/me')).to.equal(0);
  });
});
