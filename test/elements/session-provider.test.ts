import { expect, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import sinon from 'sinon';
import { SessionConsumer, SessionController, SessionProvider, bknd, type SessionGuard } from '../../src/index.js';
import { ADMIN, DEMO, cleanStorage, collect, mount, newBknd, recordEvents, settled, waitFor } from './util.js';

/** A third-party Lit element: two lines give it the session. */
class ThirdPartyBadge extends LitElement {
  session = new SessionConsumer(this);
  renders = 0;
  override render() {
    this.renders++;
    return html`${this.session.state?.status}:${this.session.state?.user?.email ?? 'nobody'}`;
  }
}
customElements.define('third-party-badge', ThirdPartyBadge);

describe('<session-provider>', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  it('configures its controller from every attribute of the SPEC table', async () => {
    const p = await mount<SessionProvider>(html`<session-provider host=${host} strategy="password" storage="session" transport="header"
      storage-key="k1" refresh-before="30" check-interval="0" idle-timeout="600" warn-before="20" login-url="/login"
      jwks-url="/jwks.json" issuer="iss" audience="aud"></session-provider>`);
    const c = p.controller!;
    expect(c).to.be.instanceOf(SessionController);
    expect(c.config).to.include({
      strategy: 'password', storage: 'session', transport: 'header', storageKey: 'k1', refreshBefore: 30, checkInterval: 0,
      idleTimeout: 600, warnBefore: 20, loginUrl: '/login', jwksUrl: '/jwks.json', issuer: 'iss', audience: 'aud',
    });
  });

  it('uses the SPEC defaults without attributes', async () => {
    const p = await mount<SessionProvider>(html`<session-provider></session-provider>`);
    expect(p.controller!.config).to.include({
      strategy: 'password', storage: 'local', transport: 'header', storageKey: 'auth', refreshBefore: 60, checkInterval: 300, idleTimeout: 0, warnBefore: 60,
    });
    expect(p.controller!.config.loginUrl).to.equal(undefined);
  });

  it('reflects status as an attribute and as a custom state, and exposes state, user and status', async () => {
    const p = await mount<SessionProvider>(html`<session-provider host=${host}></session-provider>`);
    expect(p.getAttribute('status')).to.equal('loading');
    expect(p.matches(':state(loading)')).to.equal(true);
    await settled(p);
    expect(p.getAttribute('status')).to.equal('unauthenticated');
    expect(p.matches(':state(unauthenticated)')).to.equal(true);
    expect(p.matches(':state(loading)')).to.equal(false);
    await p.login(DEMO);
    expect(p.getAttribute('status')).to.equal('authenticated');
    expect(p.matches(':state(authenticated)')).to.equal(true);
    expect(p.status).to.equal('authenticated');
    expect(p.user!.email).to.equal(DEMO.email);
    expect(p.state === p.controller!.state, 'p.state is p.controller!.state').to.equal(true);
    expect(Object.isFrozen(p.state)).to.equal(true);
  });

  it('re-dispatches every controller event as a bubbling, composed event with the same detail', async () => {
    const root = await mount(html`<div><session-provider host=${host}></session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const fromController = recordEvents(p.controller!);
    const atDocument = recordEvents(root); // outside the provider: the events bubbled
    const login = collect(p, 'session-login');
    await p.login(DEMO);
    await p.refresh();
    await p.logout();
    await p.login({ ...DEMO, password: 'wrong-password' }).catch(() => {});
    const types = fromController.log.map((e) => e.type);
    expect(types).to.include.members(['session-change', 'session-login', 'session-logout', 'session-error']);
    expect(atDocument.log.map((e) => e.type)).to.deep.equal(types);
    atDocument.log.forEach((e, i) => expect(e.detail).to.equal(fromController.log[i].detail));
    expect(login[0].bubbles && login[0].composed).to.equal(true);
    expect(login[0].detail).to.deep.include({ remote: false });
    expect(atDocument.errors()).to.deep.equal(['invalid-credentials']);
  });

  it('reconfigures cleanly when an attribute changes: the old controller is disposed, a new one started and provided', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host} storage-key="a">
      <third-party-badge></third-party-badge></session-provider>`));
    const badge = p.querySelector<ThirdPartyBadge>('third-party-badge')!;
    await p.login(DEMO);
    const old = p.controller!;
    const dispose = sinon.spy(old, 'dispose');
    expect(badge.session.controller === old, 'badge.session.controller is old').to.equal(true);

    p.setAttribute('storage-key', 'b');
    await p.updateComplete;
    expect(dispose.calledOnce).to.equal(true);
    expect(p.controller !== old, 'a new controller').to.equal(true);
    expect(p.controller!.config.storageKey).to.equal('b');
    expect(badge.session.controller === p.controller, 'badge.session.controller is p.controller').to.equal(true);
    await settled(p);
    // Key "b" holds no session; "a" still does (reconfiguring does not sign out).
    expect(p.status).to.equal('unauthenticated');
    expect(localStorage.getItem('a')).to.be.a('string');
    await badge.updateComplete;
    expect(badge.shadowRoot!.textContent).to.equal('unauthenticated:nobody');

    // Back to "a": the stored session is picked up again.
    p.storageKey = 'a';
    await p.updateComplete;
    await waitFor(() => p.status === 'authenticated', 5000, 'the session under "a"');
    // Old events no longer reach the page: the disposed controller is detached.
    const seen = collect(p, 'session-change');
    old.dispatchEvent(new CustomEvent('session-change', { detail: old.state }));
    expect(seen).to.have.length(0);
  });

  it('reports bad attribute values as config errors and keeps working with the defaults', async () => {
    const errors: string[] = [];
    const p = await mount<SessionProvider>(html`<session-provider host=${host} backend="nope" storage="weird" transport="pigeon"
      refresh-before="-5" check-interval="abc" idle-timeout="" warn-before="1e999" login-url="https://evil.example/login"
      @session-error=${(e: CustomEvent) => errors.push(`${e.detail.error.code}: ${e.detail.error.hint}`)}></session-provider>`);
    await settled(p);
    expect(errors.every((e) => e.startsWith('config: '))).to.equal(true);
    for (const what of ['backend', 'storage', 'transport', 'refreshBefore', 'checkInterval', 'idleTimeout', 'warnBefore', 'login-url'])
      expect(errors.some((e) => e.includes(what)), what).to.equal(true);
    expect(p.controller!.config).to.include({ storage: 'local', transport: 'header', refreshBefore: 60, checkInterval: 300, idleTimeout: 0, warnBefore: 60 });
    expect(p.controller!.config.loginUrl).to.equal(undefined);
    await p.login(DEMO);
    expect(p.status).to.equal('authenticated');
  });

  it('treats a removed attribute as its default, without errors', async () => {
    const codes: string[] = [];
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host} backend="bknd" strategy="password"
      storage="memory" transport="header" storage-key="x" warn-before="5" login-url="/in"
      @session-error=${(e: CustomEvent) => codes.push(e.detail.error.code)}></session-provider>`));
    for (const a of ['host', 'backend', 'strategy', 'storage', 'transport', 'storage-key', 'warn-before', 'login-url']) p.removeAttribute(a);
    await p.updateComplete;
    await settled(p);
    expect(codes).to.deep.equal([]);
    expect(p.controller!.config).to.include({ storage: 'local', transport: 'header', storageKey: 'auth', strategy: 'password', warnBefore: 60 });
    expect(p.controller!.config.loginUrl).to.equal(undefined);
    await p.login(DEMO); // host "" is this origin: the default Bknd under /api
    expect(p.status).to.equal('authenticated');
  });

  it('takes a custom backend object through the .backend property', async () => {
    const real = bknd({ host });
    const calls: string[] = [];
    const custom = {
      login: (c: any, ctx: any) => (calls.push('login'), real.login(c, ctx)),
      me: (ctx: any) => (calls.push('me'), real.me(ctx)),
      logout: (ctx: any) => (calls.push('logout'), real.logout(ctx)),
    };
    const p = await mount<SessionProvider>(html`<session-provider .backend=${custom}></session-provider>`);
    await settled(p);
    expect(p.controller!.config.backend === custom, 'p.controller!.config.backend is custom').to.equal(true);
    await p.login(ADMIN);
    await p.logout();
    expect(calls).to.deep.equal(['login', 'logout']);
    expect(p.state!.reason).to.equal('logout');
  });

  it('gives a third-party Lit element the session through SessionConsumer, re-rendering on change', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}><third-party-badge></third-party-badge></session-provider>`));
    const badge = p.querySelector<ThirdPartyBadge>('third-party-badge')!;
    await badge.updateComplete;
    expect(badge.shadowRoot!.textContent).to.equal('unauthenticated:nobody');
    expect(badge.session.controller === p.controller, 'badge.session.controller is p.controller').to.equal(true);
    await badge.session.controller!.login(DEMO);
    await badge.updateComplete;
    expect(badge.session.state === p.state, 'badge.session.state is p.state').to.equal(true);
    expect(badge.shadowRoot!.textContent).to.equal(`authenticated:${DEMO.email}`);
  });

  it('answers consumers that connected before the provider was defined (a lazily loaded provider)', async () => {
    const root = await mount(html`<div><late-session-provider host=${host}><third-party-badge></third-party-badge></late-session-provider></div>`);
    const badge = root.querySelector<ThirdPartyBadge>('third-party-badge')!;
    await badge.updateComplete;
    expect(badge.session.state).to.equal(undefined); // nobody answered yet
    customElements.define('late-session-provider', class extends SessionProvider {});
    const p = root.querySelector('late-session-provider') as SessionProvider;
    await settled(p);
    await badge.updateComplete;
    expect(badge.session.controller === p.controller, 'badge.session.controller is p.controller').to.equal(true);
    expect(badge.shadowRoot!.textContent).to.equal('unauthenticated:nobody');
  });

  it('keeps two providers on one page independent', async () => {
    const root = await mount(html`<div>
      <session-provider id="one" host=${host} storage-key="one"><session-guard><p>one</p></session-guard></session-provider>
      <session-provider id="two" host=${host} storage="memory"><session-guard><p>two</p></session-guard></session-provider>
    </div>`);
    const [one, two] = [...root.querySelectorAll<SessionProvider>('session-provider')];
    await Promise.all([settled(one), settled(two)]);
    await one.login(DEMO);
    const [g1, g2] = [...root.querySelectorAll<SessionGuard>('session-guard')];
    await Promise.all([g1.updateComplete, g2.updateComplete]);
    expect([one.status, two.status]).to.deep.equal(['authenticated', 'unauthenticated']);
    expect([g1.view, g2.view]).to.deep.equal(['authorized', 'fallback']);
    await two.login(ADMIN);
    await one.logout();
    await Promise.all([g1.updateComplete, g2.updateComplete]);
    expect([one.status, two.status]).to.deep.equal(['unauthenticated', 'authenticated']);
    expect(two.user!.email).to.equal(ADMIN.email);
    expect([g1.view, g2.view]).to.deep.equal(['fallback', 'authorized']);
  });

  it('lets the page veto the built-in warning: preventDefault on the provider reaches the controller event', async () => {
    // A 9 s token: warn-before 3 fits (at most a third of it), so the warning has 3 s to be seen
    // before the sign-out; a 4 s token left it 1.3 s, which a loaded machine's late timer can miss.
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${await newBknd(9)} warn-before="3"
      @session-expiring=${(e: Event) => e.preventDefault()}></session-provider>`));
    const atController: CustomEvent[] = [];
    p.controller!.addEventListener('session-expiring', (e) => queueMicrotask(() => atController.push(e)));
    await p.login(DEMO);
    await waitFor(() => atController.length > 0, 10_000, 'session-expiring');
    expect(atController[0].defaultPrevented).to.equal(true);
    expect(atController[0].detail.kind).to.equal('expiry');
  });

  it('disposes its controller when removed', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}></session-provider>`));
    const dispose = sinon.spy(p.controller!, 'dispose');
    p.remove();
    expect(dispose.calledOnce).to.equal(true);
  });

  it('is accessible in every state', async () => {
    const p = await mount<SessionProvider>(html`<session-provider host=${host}><p>content</p></session-provider>`);
    await expect(p).to.be.accessible();
    await settled(p);
    await expect(p).to.be.accessible();
    await p.login(DEMO);
    await expect(p).to.be.accessible();
  });
});
