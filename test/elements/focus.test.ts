// Keyboard-only flows against a real Bknd: where focus lands after each step (through shadow roots),
// what the live regions say, and axe on every state these flows reach.
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { MESSAGES, type LoginForm, type SessionExpiryWarning, type SessionGuard, type SessionProvider } from '../../src/index.js';
import { DEMO, TIME_ONLY, rotateSecret, cleanStorage, collect, deepActiveElement, mount, newBknd, settled, until, waitFor } from './util.js';

const press = (key: string) => sendKeys({ press: key });
const type = (text: string) => sendKeys({ type: text });
const announcer = (g: SessionGuard) => g.shadowRoot!.querySelector('[part=announcer]')!;
const dialogOf = (w: SessionExpiryWarning) => w.shadowRoot!.querySelector('dialog')!;
const q = <T extends Element = HTMLElement>(w: SessionExpiryWarning, sel: string) => w.shadowRoot!.querySelector<T>(sel)!;

describe('focus, keyboard only', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  /** A page as apps build it: a header with the sign-out button, a guard with a sign-in fallback. */
  async function page(key: string) {
    const root = await mount(html`<div><button id="before">before</button>
      <session-provider host=${host} storage-key=${key} check-interval="0">
        <header><logout-button></logout-button></header>
        <session-guard>
          <section slot="fallback"><h2>Sign in</h2><login-form></login-form></section>
          <section><h2 id="welcome">Welcome back</h2><a href="#docs">Docs</a></section>
        </session-guard>
      </session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const form = root.querySelector<LoginForm>('login-form')!;
    await form.updateComplete;
    root.querySelector<HTMLButtonElement>('#before')!.focus();
    return { root, p, form, guard: root.querySelector<SessionGuard>('session-guard')! };
  }
  const field = (f: LoginForm, name: string) => f.querySelector<HTMLInputElement>(`input[name=${name}]`)!;

  it('sign-in with Enter: focus moves to the content that appeared (its heading), announced politely', async () => {
    const { root, p, form, guard } = await page('focus-in');
    await press('Tab'); // the sign-out button is disabled while signed out: Tab goes to the form
    expect(deepActiveElement()).to.equal(field(form, 'email'));
    await type(DEMO.email);
    await press('Tab');
    expect(deepActiveElement()).to.equal(field(form, 'password'));
    await type(DEMO.password);
    await press('Enter');
    const welcome = root.querySelector<HTMLElement>('#welcome')!;
    await waitFor(() => deepActiveElement() === welcome, 5000, 'focus on the new heading');
    expect(p.status).to.equal('authenticated');
    expect(welcome.tabIndex).to.equal(-1); // focusable by script, not added to the Tab order
    expect(announcer(guard).getAttribute('role')).to.equal('status');
    expect(announcer(guard).textContent).to.equal('Signed in');
    await expect(guard).to.be.accessible();
    // The next Tab goes on into the content, not back to the top of the page.
    await press('Tab');
    expect(deepActiveElement()).to.equal(root.querySelector('a[href="#docs"]'));
  });

  it('failed sign-in from the button: focus on the message; Enter in a field: focus stays there; editing clears it', async () => {
    const { form } = await page('focus-fail');
    const errors = collect(form, 'login-error');
    await press('Tab');
    await type(DEMO.email);
    await press('Tab');
    await type('wrong-password');
    await press('Tab');
    expect(deepActiveElement()!.getAttribute('part')).to.equal('toggle');
    await press('Tab');
    expect(deepActiveElement()).to.equal(form.querySelector('button[type=submit]'));
    await press('Enter');
    await waitFor(() => errors.length === 1, 5000, 'login-error');
    const alert = form.querySelector<HTMLElement>('[part=error]')!;
    await waitFor(() => deepActiveElement() === alert, 5000, 'focus on the message');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.equal(MESSAGES['invalid-credentials']);
    await expect(form).to.be.accessible();

    // Back into the password field; the first keystroke clears the stale message.
    field(form, 'password').focus();
    await type('wrong-again');
    expect(alert.textContent).to.equal('');
    await press('Enter');
    await waitFor(() => errors.length === 2, 5000, 'the second login-error');
    await form.updateComplete;
    expect(alert.textContent).to.equal(MESSAGES['invalid-credentials']);
    expect(deepActiveElement()).to.equal(field(form, 'password'));
  });

  it('sign-out with the keyboard: focus moves to the first field of the sign-in form, announced', async () => {
    const { root, p, form, guard } = await page('focus-out');
    await p.login(DEMO);
    await guard.updateComplete;
    const button = root.querySelector('logout-button')!.shadowRoot!.querySelector('button')!;
    await waitFor(() => !button.disabled, 5000, 'the sign-out button');
    await press('Tab');
    expect(deepActiveElement()).to.equal(button);
    await press('Enter');
    await waitFor(() => deepActiveElement() === field(form, 'email'), 5000, 'focus on the email field');
    expect(p.status).to.equal('unauthenticated');
    expect(announcer(guard).textContent).to.equal('Signed out');
    await expect(guard).to.be.accessible();
  });

  it('changes from another tab move nothing', async () => {
    const root = await mount(html`<div><input id="elsewhere">
      <session-provider id="a" host=${host} storage-key="focus-remote" check-interval="0">
        <session-guard><login-form slot="fallback"></login-form><h2 id="in">In</h2></session-guard>
      </session-provider>
      <session-provider id="b" host=${host} storage-key="focus-remote" check-interval="0"></session-provider></div>`);
    const [a, b] = [...root.querySelectorAll<SessionProvider>('session-provider')];
    await settled(a);
    await settled(b);
    const guard = root.querySelector<SessionGuard>('session-guard')!;
    const email = root.querySelector<HTMLInputElement>('input[name=email]')!;
    email.focus();
    const logins = collect(a, 'session-login');
    await b.login(DEMO); // "the other tab"
    await waitFor(() => logins.length === 1, 5000, 'the remote sign-in');
    await guard.updateComplete;
    expect(logins[0].detail.remote).to.equal(true);
    expect(announcer(guard).textContent).to.equal('');
    expect(deepActiveElement()).to.not.equal(root.querySelector('#in'));
    root.querySelector<HTMLInputElement>('#elsewhere')!.focus();
    const logouts = collect(a, 'session-logout');
    await b.logout();
    await waitFor(() => logouts.length === 1, 5000, 'the remote sign-out');
    await guard.updateComplete;
    expect(deepActiveElement()).to.equal(root.querySelector('#elsewhere'));
    expect(announcer(guard).textContent).to.equal('');
  });

  it('a background check that signs out, or a sign-in by page code, moves nothing', async () => {
    const own = await newBknd();
    const root = await mount(html`<div><session-provider host=${own} storage-key="focus-bg" check-interval="0">
      <session-guard><login-form slot="fallback"></login-form><h2 id="in">In</h2></session-guard></session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const guard = root.querySelector<SessionGuard>('session-guard')!;
    (document.activeElement as HTMLElement | null)?.blur();
    await p.login(DEMO); // the page's own code: it decides where focus goes
    await guard.updateComplete;
    expect(deepActiveElement()).to.equal(document.body);
    await rotateSecret(own); // the server disowns the token: the next check signs out (reason invalid)
    await p.refresh();
    await waitFor(() => p.status === 'unauthenticated', 5000, 'the check to sign out');
    await guard.updateComplete;
    expect(p.state!.reason).to.equal('invalid');
    expect(deepActiveElement()).to.equal(document.body);
    expect(announcer(guard).textContent).to.equal('');
  });

  describe('the expiry dialog of a hard Bknd expiry (jwt.expires = 9 s, warn-before = 3 s: at most a third of it)', () => {
    let shortHost: string;
    before(async () => {
      shortHost = await newBknd(9);
    });

    it('opens on the password field of a re-auth form for the same user; never on "Sign out"; Enter signs in again in place', async () => {
      const root = await mount(html`<div><input id="work" value="unsaved">
        <session-provider host=${shortHost} warn-before="3" check-interval="0"><session-expiry-warning></session-expiry-warning></session-provider></div>`);
      const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
      const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
      const work = root.querySelector<HTMLInputElement>('#work')!;
      await p.login(DEMO);
      work.focus();
      await waitFor(() => dialogOf(w)?.open, 9000, 'the warning');
      const form = q<LoginForm>(w, 'login-form');
      const password = form.querySelector<HTMLInputElement>('input[name=password]')!;
      await waitFor(() => deepActiveElement() === password, 2000, 'focus on the password field');
      const email = form.querySelector<HTMLInputElement>('input[name=email]')!;
      expect([email.value, email.readOnly]).to.deep.equal([DEMO.email, true]);
      expect(form.querySelector('[part=not-you]')!.textContent!.trim()).to.equal('Not you? Sign out');
      await expect(w).to.be.accessible();
      await type(DEMO.password);
      await press('Enter');
      await waitFor(() => !dialogOf(w).open, 5000, 'the dialog to close');
      expect(p.status).to.equal('authenticated');
      expect(p.user!.email).to.equal(DEMO.email);
      expect(deepActiveElement()).to.equal(work);
      expect(work.value).to.equal('unsaved');
    });
  });

  describe('the idle dialog (fake clock)', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: Date.now(), ...TIME_ONLY });
    });
    afterEach(() => clock.restore());

    it('opens on "Stay signed in"; Tab reaches "Sign out" only on purpose; Enter on "Stay signed in" returns focus to the page', async () => {
      const root = await mount(html`<div><button id="work">work</button>
        <session-provider host=${host} storage-key="focus-idle" idle-timeout="90" warn-before="60" check-interval="0">
          <session-expiry-warning></session-expiry-warning></session-provider></div>`);
      const p = root.querySelector<SessionProvider>('session-provider')!;
      await until(() => p.status !== 'loading', 'the provider to settle');
      await p.login(DEMO);
      const work = root.querySelector<HTMLButtonElement>('#work')!;
      work.focus();
      const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
      await clock.tickAsync(30_000);
      await until(() => dialogOf(w).open, 'the warning');
      await w.updateComplete;
      expect(deepActiveElement()).to.equal(q(w, 'button[part~=extend]'));
      await press('Tab');
      expect(deepActiveElement()).to.equal(q(w, 'button[part~=logout]'));
      await press('Shift+Tab');
      expect(deepActiveElement()).to.equal(q(w, 'button[part~=extend]'));
      await press('Enter');
      await until(() => !dialogOf(w).open, 'the dialog to close');
      expect(p.status).to.equal('authenticated');
      expect(deepActiveElement()).to.equal(work);
    });
  });
});
