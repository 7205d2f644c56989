import { expect, html } from '@open-wc/testing';
import type { SessionGuard, SessionProvider } from '../../src/index.js';
import { ADMIN, DEMO, EVIL_TARGETS, cleanStorage, collect, mount, newBknd, settled, waitFor } from './util.js';

const slotShown = (guard: SessionGuard) => guard.shadowRoot!.querySelector('slot')!.name || 'default';

describe('<session-guard>', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  const guarded = (attrs = html``, providerAttrs = '') => html`<session-provider host=${host} login-url=${providerAttrs || '/login'}>
    ${attrs}
  </session-provider>`;

  it('shows loading, then fallback, then the default slot once signed in, and fallback again after sign-out', async () => {
    const p = await mount<SessionProvider>(guarded(html`<session-guard>
      <p id="in">in</p><p slot="fallback" id="out">out</p><p slot="loading" id="wait">wait</p><p slot="forbidden" id="no">no</p>
    </session-guard>`));
    const g = p.querySelector<SessionGuard>('session-guard')!;
    const visible = () => ['in', 'out', 'wait', 'no'].filter((id) => p.querySelector(`#${id}`)!.assignedSlot);
    await g.updateComplete;
    expect(g.view).to.equal('loading');
    expect(visible()).to.deep.equal(['wait']);
    await settled(p);
    await g.updateComplete;
    expect([g.view, slotShown(g)]).to.deep.equal(['fallback', 'fallback']);
    expect(visible()).to.deep.equal(['out']);
    expect(g.matches(':state(fallback)')).to.equal(true);
    await p.login(DEMO);
    await g.updateComplete;
    expect([g.view, slotShown(g)]).to.deep.equal(['authorized', 'default']);
    expect(visible()).to.deep.equal(['in']);
    expect(g.matches(':state(authorized)')).to.equal(true);
    await p.logout();
    await g.updateComplete;
    expect(visible()).to.deep.equal(['out']);
  });

  it('with roles, lets in only a user holding one of them and shows forbidden to the others', async () => {
    const p = await settled(await mount<SessionProvider>(guarded(html`
      <session-guard id="admins" roles="admin"><p>admin area</p><p slot="forbidden">admins only</p></session-guard>
      <session-guard id="staff" roles="  editor   admin "><p>staff area</p></session-guard>
      <session-guard id="users" roles="user"><p>user area</p></session-guard>`)));
    const [admins, staff, users] = [...p.querySelectorAll<SessionGuard>('session-guard')];
    const views = async () => {
      await Promise.all([admins, staff, users].map((g) => g.updateComplete));
      return [admins.view, staff.view, users.view];
    };
    expect(await views()).to.deep.equal(['fallback', 'fallback', 'fallback']);
    await p.login(DEMO);
    expect(await views()).to.deep.equal(['forbidden', 'forbidden', 'authorized']);
    expect(slotShown(admins)).to.equal('forbidden');
    await p.login(ADMIN);
    expect(await views()).to.deep.equal(['authorized', 'authorized', 'forbidden']);
    admins.roles = 'user';
    expect(await views()).to.deep.equal(['forbidden', 'authorized', 'forbidden']);
  });

  it('stamps a <template> only once authorized, and removes what it stamped on sign-out', async () => {
    const p = await settled(await mount<SessionProvider>(guarded(html`<session-guard>
      <template><protected-widget id="w"></protected-widget><p id="p">protected</p></template>
      <p slot="fallback">sign in</p>
    </session-guard>`)));
    const g = p.querySelector<SessionGuard>('session-guard')!;
    let created = 0;
    // If the protected element were created before authorization, this would count it.
    customElements.get('protected-widget') || customElements.define('protected-widget', class extends HTMLElement {
      constructor() {
        super();
        created++;
      }
    });
    await g.updateComplete;
    expect(p.querySelector('#w')).to.equal(null);
    expect(created).to.equal(0);
    await p.login(DEMO);
    await g.updateComplete;
    expect(p.querySelector('#w')!.assignedSlot).to.not.equal(null);
    expect(p.querySelector('#p')!.textContent).to.equal('protected');
    expect(created).to.equal(1);
    await p.login(DEMO); // a second state change while authorized does not stamp twice
    await g.updateComplete;
    expect(p.querySelectorAll('#w')).to.have.length(1);
    await p.logout();
    await g.updateComplete;
    expect(p.querySelector('#w')).to.equal(null);
    expect(p.querySelector('#p')).to.equal(null);
    expect(g.querySelector('template')).to.not.equal(null);
  });

  it('redirects when signed out, to `redirect` with a same-origin returnTo', async () => {
    const original = location.href;
    history.replaceState(null, '', '/somewhere/page?x=1#h');
    try {
      const redirects: string[] = [];
      const p = await mount<SessionProvider>(guarded(html`<session-guard redirect="/sign-in?from=guard"
        @session-redirect=${(e: CustomEvent) => (e.preventDefault(), redirects.push(e.detail.url))}><p>in</p></session-guard>`));
      await settled(p);
      await waitFor(() => redirects.length, 2000, 'the redirect');
      const url = new URL(redirects[0]);
      expect(url.origin).to.equal(location.origin);
      expect(url.pathname).to.equal('/sign-in');
      expect(url.searchParams.get('from')).to.equal('guard');
      expect(url.searchParams.get('returnTo')).to.equal('/somewhere/page?x=1#h');
      // Once per sign-out, not on every render.
      p.querySelector<SessionGuard>('session-guard')!.requestUpdate();
      await p.querySelector<SessionGuard>('session-guard')!.updateComplete;
      expect(redirects).to.have.length(1);
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('with an empty `redirect`, uses the provider login-url; signed in, it does not redirect', async () => {
    const redirects: string[] = [];
    const onRedirect = (e: CustomEvent) => (e.preventDefault(), redirects.push(e.detail.url));
    const p = await mount<SessionProvider>(guarded(html`<session-guard redirect @session-redirect=${onRedirect}></session-guard>`, '/account/login'));
    await settled(p);
    await waitFor(() => redirects.length, 2000, 'the redirect');
    expect(new URL(redirects[0]).pathname).to.equal('/account/login');
    expect(new URL(redirects[0]).searchParams.get('returnTo')).to.equal(location.pathname + location.search);
    await p.login(DEMO);
    await p.logout();
    await waitFor(() => redirects.length === 2, 2000, 'a redirect after sign-out');
  });

  for (const target of EVIL_TARGETS) {
    it(`refuses to redirect off-origin (${JSON.stringify(target)}) with a config error`, async () => {
      const redirects = collect(document, 'session-redirect');
      const errors: any[] = [];
      const p = await mount<SessionProvider>(guarded(html`<session-guard redirect=${target}
        @session-error=${(e: CustomEvent) => errors.push(e.detail.error)}></session-guard>`));
      await settled(p);
      await waitFor(() => errors.length, 2000, 'the config error');
      expect(errors.map((e) => e.code)).to.deep.equal(['config']);
      expect(redirects).to.have.length(0);
    });
  }

  it('refuses an off-origin provider login-url (config error on the provider, no redirect)', async () => {
    const redirects = collect(document, 'session-redirect');
    const codes: string[] = [];
    const p = await mount<SessionProvider>(html`<session-provider host=${host} login-url="//evil.example/login"
      @session-error=${(e: CustomEvent) => codes.push(e.detail.error.code)}><session-guard redirect></session-guard></session-provider>`);
    await settled(p);
    await waitFor(() => codes.length >= 2, 2000, 'config errors');
    expect(codes).to.deep.equal(['config', 'config']); // the provider's login-url, then the guard with nowhere to go
    expect(redirects).to.have.length(0);
  });

  it('is accessible in every state', async () => {
    const p = await mount<SessionProvider>(guarded(html`<session-guard roles="admin">
      <p>in</p><p slot="fallback">out</p><p slot="loading">wait</p><p slot="forbidden">no</p></session-guard>`));
    const g = p.querySelector<SessionGuard>('session-guard')!;
    await expect(g).to.be.accessible();
    await settled(p);
    await expect(g).to.be.accessible();
    await p.login(DEMO);
    await g.updateComplete;
    expect(g.view).to.equal('forbidden');
    await expect(g).to.be.accessible();
    await p.login(ADMIN);
    await g.updateComplete;
    expect(g.view).to.equal('authorized');
    await expect(g).to.be.accessible();
  });
});
