import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { LogoutButton, SessionBackend, SessionProvider, SessionUserElement } from '../../src/index.js';
import { ADMIN, DEMO, cleanStorage, forgeToken, mount, newBknd, newFaultProxy, setFault, settled, waitFor } from './util.js';

const text = (el: Element) => el.shadowRoot!.textContent!.trim();
const shownSlot = (el: Element) => el.shadowRoot!.querySelector('slot')?.name;

/** A custom backend (public API) whose user carries nested fields. */
async function profileBackend(): Promise<SessionBackend> {
  const user = { id: 7, email: 'ada@example.com', role: 'user', profile: { name: 'Ada', langs: ['en'] }, verified: true };
  const token = await forgeToken(user);
  return { login: async () => ({ token, user }), me: async () => user, logout: async () => {} };
}

describe('<session-user>', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  it('shows the email by default and any field by `field`; the fallback slot when signed out; nothing while loading', async () => {
    const p = await mount<SessionProvider>(html`<session-provider host=${host}>
      <session-user><span slot="fallback">guest</span></session-user>
      <session-user field="role"></session-user>
      <session-user field="missing"></session-user>
    </session-provider>`);
    const [email, role, missing] = [...p.querySelectorAll<SessionUserElement>('session-user')];
    await email.updateComplete;
    expect(text(email)).to.equal('');
    expect(shownSlot(email)).to.equal(undefined);
    await settled(p);
    await email.updateComplete;
    expect(shownSlot(email)).to.equal('fallback');
    expect(p.querySelector('[slot=fallback]')!.assignedSlot).to.not.equal(null);
    await p.login(ADMIN);
    await Promise.all([email.updateComplete, role.updateComplete, missing.updateComplete]);
    expect([text(email), text(role), text(missing)]).to.deep.equal([ADMIN.email, 'admin', '']);
    expect(email.shadowRoot!.querySelector('[part=value]')).to.not.equal(null);
    await p.login(DEMO);
    await email.updateComplete;
    expect(text(email)).to.equal(DEMO.email);
    await p.logout();
    await email.updateComplete;
    expect(shownSlot(email)).to.equal('fallback');
  });

  it('follows dotted paths, shows primitives only, and never walks the prototype', async () => {
    const p = await mount<SessionProvider>(html`<session-provider storage="memory" .backend=${await profileBackend()}>
      <session-user field="profile.name"></session-user>
      <session-user field="profile"></session-user>
      <session-user field="verified"></session-user>
      <session-user field="constructor.name"></session-user>
      <session-user field="profile.langs.0"></session-user>
      <session-user field="__proto__"></session-user>
    </session-provider>`);
    await settled(p);
    await p.login({ email: 'ada@example.com', password: 'x' });
    const els = [...p.querySelectorAll<SessionUserElement>('session-user')];
    await Promise.all(els.map((e) => e.updateComplete));
    expect(els.map(text)).to.deep.equal(['Ada', '', 'true', '', 'en', '']);
  });

  it('is accessible signed in and signed out', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}>
      <p>Hello <session-user><span slot="fallback">guest</span></session-user></p></session-provider>`));
    await expect(p).to.be.accessible();
    await p.login(DEMO);
    await expect(p).to.be.accessible();
  });
});

describe('<logout-button>', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  it('renders a native button part labelled "Sign out", hidden (and disabled) unless signed in, and signs out on click', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}><logout-button></logout-button></session-provider>`));
    const b = p.querySelector<LogoutButton>('logout-button')!;
    await b.updateComplete;
    const button = b.shadowRoot!.querySelector<HTMLButtonElement>('button[part=button]')!;
    expect(button.textContent!.trim()).to.equal('Sign out');
    expect(b.checkVisibility()).to.equal(false);
    expect(button.disabled).to.equal(true);
    await p.login(DEMO);
    await b.updateComplete;
    expect(b.checkVisibility()).to.equal(true);
    expect(b.matches(':state(signed-in)')).to.equal(true);
    expect(button.disabled).to.equal(false);
    button.click();
    await waitFor(() => p.status === 'unauthenticated', 5000, 'sign-out');
    expect(p.state!.reason).to.equal('logout');
    expect(localStorage.getItem('auth')).to.equal(null);
    await b.updateComplete;
    expect(b.checkVisibility()).to.equal(false);
  });

  it('is hidden while the first check runs', async () => {
    const proxy = await newFaultProxy();
    await setFault(proxy.id, 'pass', 400); // a cookie session is looked for with /me: held 400 ms
    const p = await mount<SessionProvider>(html`<session-provider host=${proxy.host} transport="cookie"><logout-button></logout-button></session-provider>`);
    const b = p.querySelector<LogoutButton>('logout-button')!;
    await b.updateComplete;
    expect(p.status).to.equal('loading');
    expect(b.checkVisibility()).to.equal(false);
    await settled(p);
  });

  it('a page opts out of hiding it with its own CSS: then it shows, disabled', async () => {
    const root = await mount(html`<div><style>logout-button { display: inline-block; }</style>
      <session-provider host=${host}><logout-button></logout-button></session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const b = p.querySelector<LogoutButton>('logout-button')!;
    await b.updateComplete;
    expect(p.status).to.equal('unauthenticated');
    expect(b.checkVisibility()).to.equal(true);
    expect(b.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
  });

  it('scope="others" signs out the other sessions and keeps this one', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}><logout-button scope="others"></logout-button></session-provider>`));
    const scopes: unknown[] = [];
    let answer!: () => void;
    // The real Bknd backend, with the server call held back: Bknd 0.20 has no "others" (the sessions plugin has).
    const real = p.controller!.config.backend;
    p.backend = { ...real, logout: async (_ctx, o) => (scopes.push(o?.scope), new Promise<void>((r) => (answer = r))) };
    await p.updateComplete;
    await settled(p);
    await p.login(DEMO);
    const b = p.querySelector<LogoutButton>('logout-button')!;
    await b.updateComplete;
    const button = b.shadowRoot!.querySelector('button')!;
    const done = sinon.spy(p.controller!, 'logout');
    button.click();
    // The call goes out once the session management chunk (a dynamic import) is here.
    await waitFor(() => scopes.length, 5000, 'the sign-out of the others');
    expect(scopes).to.deep.equal(['others']);
    answer();
    await done.firstCall.returnValue;
    expect(p.status).to.equal('authenticated');
    expect(b.checkVisibility()).to.equal(true);
  });

  it('works with the keyboard alone', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}><logout-button></logout-button></session-provider>`));
    await p.login(DEMO);
    const b = p.querySelector<LogoutButton>('logout-button')!;
    await b.updateComplete;
    b.shadowRoot!.querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => p.status === 'unauthenticated', 5000, 'sign-out');
  });

  it('takes its label from the slot or the `label` attribute', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}>
      <logout-button label="Abmelden"></logout-button><logout-button><b>Leave</b></logout-button></session-provider>`));
    const [a, b] = [...p.querySelectorAll<LogoutButton>('logout-button')];
    await Promise.all([a.updateComplete, b.updateComplete]);
    expect(a.shadowRoot!.querySelector('button')!.textContent!.trim()).to.equal('Abmelden');
    const slot = b.shadowRoot!.querySelector('slot')!;
    expect(slot.assignedNodes().map((n) => n.textContent).join('')).to.equal('Leave');
  });

  it('is accessible signed in and signed out', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host}><logout-button></logout-button></session-provider>`));
    const b = p.querySelector<LogoutButton>('logout-button')!;
    await expect(b).to.be.accessible();
    await p.login(DEMO);
    await b.updateComplete;
    await expect(b).to.be.accessible();
  });
});
