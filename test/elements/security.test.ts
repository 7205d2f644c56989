import { expect, html } from '@open-wc/testing';
import { MESSAGES, SessionError, type LoginForm, type SessionBackend, type SessionExpiryWarning, type SessionProvider, type SessionUserElement } from '../../src/index.js';
import { DEMO, cleanStorage, collect, deepElements, forgeToken, mount, newBknd, settled, waitFor } from './util.js';

declare global {
  interface Window {
    __xss?: number;
  }
}

const PAYLOADS = {
  email: '<img src=x onerror="window.__xss=1">@example.com',
  name: '<script>window.__xss=2</script><b>bold</b>',
  bio: '"><svg onload="window.__xss=3">',
};

/** A custom backend (public API) whose user fields and error messages carry markup. */
async function hostileBackend(): Promise<SessionBackend> {
  const user = { id: 1, role: 'user', ...PAYLOADS };
  const token = await forgeToken(user);
  return {
    async login(c) {
      if (c.password !== 'right-password') throw new SessionError('invalid-credentials', '<img src=x onerror="window.__xss=4">Bad <b>password</b>', 401);
      return { token, user };
    },
    me: async () => user,
    logout: async () => {},
  };
}

describe('security of the elements', () => {
  cleanStorage();
  afterEach(() => delete window.__xss);

  it('renders user fields carrying HTML and script as inert text', async () => {
    const p = await mount<SessionProvider>(html`<session-provider storage="memory" .backend=${await hostileBackend()}>
      <session-user field="email"></session-user><session-user field="name"></session-user><session-user field="bio"></session-user>
    </session-provider>`);
    await settled(p);
    await p.login({ email: 'x@example.com', password: 'right-password' });
    const users = [...p.querySelectorAll<SessionUserElement>('session-user')];
    await Promise.all(users.map((u) => u.updateComplete));
    expect(users.map((u) => u.shadowRoot!.textContent!.trim())).to.deep.equal([PAYLOADS.email, PAYLOADS.name, PAYLOADS.bio]);
    for (const u of users) expect(u.shadowRoot!.querySelectorAll('img, script, svg, b')).to.have.length(0);
    await new Promise((r) => setTimeout(r, 100)); // an onerror would have fired by now
    expect(window.__xss).to.equal(undefined);
  });

  it('shows a server error carrying HTML as inert text in role=alert', async () => {
    const p = await mount<SessionProvider>(html`<session-provider storage="memory" .backend=${await hostileBackend()}><login-form></login-form></session-provider>`);
    const f = p.querySelector<LoginForm>('login-form')!;
    await settled(p);
    await f.updateComplete;
    const errors = collect(f, 'login-error');
    f.querySelector<HTMLInputElement>('[name=email]')!.value = 'x@example.com';
    f.querySelector<HTMLInputElement>('[name=password]')!.value = 'wrong-password';
    f.querySelector('button[type=submit]')!.click();
    await waitFor(() => errors.length, 5000, 'login-error');
    await f.updateComplete;
    const alert = f.querySelector('[role=alert]')!;
    // The person reads the plain message; the server's words go to the developer, as text.
    expect(alert.textContent).to.equal(MESSAGES['invalid-credentials']);
    expect((errors[0].detail.error as SessionError).hint).to.contain('<img src=x onerror="window.__xss=4">Bad <b>password</b>');
    expect(alert.children).to.have.length(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__xss).to.equal(undefined);
  });

  it('never puts a token into an event detail', async () => {
    const host = await newBknd();
    const seen: unknown[] = [];
    const names = ['session-change', 'session-login', 'session-logout', 'session-refresh', 'session-error', 'login-success', 'login-error'];
    const p = await mount<SessionProvider>(html`<session-provider host=${host}><login-form></login-form></session-provider>`);
    for (const n of names) p.addEventListener(n, (e) => seen.push((e as CustomEvent).detail));
    await settled(p);
    const f = p.querySelector<LoginForm>('login-form')!;
    await f.updateComplete;
    const success = collect(f, 'login-success');
    f.querySelector<HTMLInputElement>('[name=email]')!.value = DEMO.email;
    f.querySelector<HTMLInputElement>('[name=password]')!.value = DEMO.password;
    f.querySelector('button[type=submit]')!.click();
    await waitFor(() => success.length, 5000, 'login-success');
    const token = localStorage.getItem('auth')!;
    await p.refresh();
    await p.logout();
    expect(seen.length).to.be.greaterThan(3);
    const text = JSON.stringify(seen, (_k, v) => (v instanceof Error ? { message: v.message } : v));
    expect(text).to.not.contain(token);
    expect(text).to.not.contain(token.split('.')[2]);
    expect(text).to.not.contain(DEMO.password);
  });

  it('uses no inline styles, in any element or state', async () => {
    const host = await newBknd(4);
    const root = await mount(html`<div><session-provider host=${host} warn-before="3" login-url="/login">
      <login-form></login-form><session-guard redirect="/login" @session-redirect=${(e: Event) => e.preventDefault()}><p>in</p></session-guard>
      <session-user></session-user><logout-button></logout-button><session-expiry-warning></session-expiry-warning>
    </session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
    const inline = () => deepElements(root).filter((el) => el.hasAttribute('style') || el.localName === 'style').map((el) => el.localName);
    expect(inline()).to.deep.equal([]);
    await p.login(DEMO);
    await waitFor(() => w.open, 5000, 'the warning');
    await w.updateComplete;
    expect(inline()).to.deep.equal([]);
    await waitFor(() => p.status === 'unauthenticated', 5000, 'the expiry');
    await w.updateComplete;
    expect(inline()).to.deep.equal([]);
  });

  it('works under a strict Content-Security-Policy (no inline styles or scripts) without a single violation', async () => {
    const frame = document.createElement('iframe');
    frame.src = new URL('./csp-page.html', import.meta.url).href;
    document.body.append(frame);
    try {
      await new Promise((r) => frame.addEventListener('load', r, { once: true }));
      const win = frame.contentWindow as Window & { violations: string[] };
      const doc = frame.contentDocument!;
      await waitFor(() => doc.querySelector('session-provider')?.getAttribute('status') === 'unauthenticated', 10_000, 'the page to start');
      const form = doc.querySelector('login-form')!;
      await waitFor(() => form.querySelector('form'), 5000, 'the form');
      form.querySelector<HTMLInputElement>('[name=email]')!.value = DEMO.email;
      form.querySelector<HTMLInputElement>('[name=password]')!.value = DEMO.password;
      form.querySelector('button[type=submit]')!.click();
      const provider = doc.querySelector('session-provider')!;
      await waitFor(() => provider.getAttribute('status') === 'authenticated', 5000, 'sign-in');
      const warning = doc.querySelector('session-expiry-warning')!;
      await waitFor(() => warning.shadowRoot!.querySelector('dialog')?.open, 5000, 'the warning');
      // The styles arrived (adopted sheets are allowed under style-src 'self'), and nothing was blocked.
      expect(win.getComputedStyle(form.querySelector('form')!).display).to.equal('grid');
      expect(win.getComputedStyle(provider).display).to.equal('contents');
      expect(win.violations).to.deep.equal([]);
      warning.shadowRoot!.querySelector<HTMLButtonElement>('button[part~=logout]')!.click();
      await waitFor(() => provider.getAttribute('status') === 'unauthenticated', 5000, 'sign-out');
      expect(win.violations).to.deep.equal([]);
      // The control: the policy is live, so an inline style would have been reported.
      doc.body.insertAdjacentHTML('beforeend', '<p style="color: red">inline</p>');
      await waitFor(() => win.violations.length, 2000, 'the control violation');
      expect(win.violations[0]).to.match(/^style-src/);
    } finally {
      frame.remove();
    }
  });
});
