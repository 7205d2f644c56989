// Same-user re-authentication and deliberate user switches, against a real Bknd with two accounts
// (demo@example.com, admin@example.com).
import { expect, html } from '@open-wc/testing';
import { MESSAGES, type LoginForm, type SessionExpiryWarning, type SessionProvider } from '../../src/index.js';
import { ADMIN, DEMO, cleanStorage, collect, mount, newBknd, settled, waitFor } from './util.js';

const dialogOf = (w: SessionExpiryWarning) => w.shadowRoot!.querySelector('dialog')!;

describe('re-authentication keeps the same user', () => {
  let host: string;
  before(async () => {
    // Hard expiry after 12 s (warn-before 4 fits: at most a third of it): the dialog offers to sign in
    // again, and a test has 4 s in it before the expiry (3 s was too few for a refused sign-in once in Firefox).
    host = await newBknd(12);
  });
  cleanStorage();

  async function warned(slotted = html``) {
    const root = await mount(html`<div>
      <session-provider host=${host} warn-before="4" check-interval="0"><session-expiry-warning>${slotted}</session-expiry-warning></session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
    await p.login(DEMO);
    await waitFor(() => dialogOf(w)?.open, 12_000, 'the warning');
    await w.updateComplete;
    const form = (root.querySelector<LoginForm>('login-form') ?? w.shadowRoot!.querySelector<LoginForm>('login-form'))!;
    await form.updateComplete;
    return { root, p, w, form };
  }

  it('refuses another account from the dialog with a clear message; the session, storage and user stay', async () => {
    const { root, p, form } = await warned();
    const before = { token: localStorage.getItem('auth'), user: p.user };
    const logins = collect(root, 'session-login');
    const errors = collect(root, 'login-error');
    const sessionErrors = collect(root, 'session-error');
    // The field is read-only for the user; a script (or a confused password manager) can still change it.
    form.querySelector<HTMLInputElement>('input[name=email]')!.value = ADMIN.email;
    form.querySelector<HTMLInputElement>('input[name=password]')!.value = ADMIN.password;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitFor(() => errors.length, 5000, 'login-error');
    await form.updateComplete;
    expect(errors[0].detail.error).to.include({ code: 'wrong-user' });
    expect(form.querySelector('[part=error]')!.textContent).to.equal(MESSAGES['wrong-user']);
    expect(sessionErrors).to.have.length(0); // one event per failure
    expect(logins).to.have.length(0);
    expect(p.user).to.equal(before.user);
    expect(localStorage.getItem('auth')).to.equal(before.token);
    await expect(form).to.be.accessible();
  });

  it('a page-supplied <login-form slot="login"> gets the same protection', async () => {
    const { p, form } = await warned(html`<login-form slot="login"></login-form>`);
    expect(form.slot).to.equal('login');
    await waitFor(() => form.reauthUser?.email === DEMO.email, 2000, 'the slotted form to know the user');
    await form.updateComplete;
    const email = form.querySelector<HTMLInputElement>('input[name=email]')!;
    expect([email.value, email.readOnly]).to.deep.equal([DEMO.email, true]);
    const errors = collect(form, 'login-error');
    email.value = ADMIN.email;
    form.querySelector<HTMLInputElement>('input[name=password]')!.value = ADMIN.password;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitFor(() => errors.length, 5000, 'login-error');
    expect(errors[0].detail.error.code).to.equal('wrong-user');
    expect(p.user!.email).to.equal(DEMO.email);
  });

  it('"Not you? Sign out" signs out and closes the dialog', async () => {
    const { p, w, form } = await warned();
    const logouts = collect(p, 'session-logout');
    form.querySelector<HTMLButtonElement>('[part=not-you]')!.click();
    await waitFor(() => p.status === 'unauthenticated', 5000, 'sign-out');
    await w.updateComplete;
    expect(logouts[0].detail).to.deep.equal({ reason: 'logout', remote: false });
    expect(dialogOf(w).open).to.equal(false);
  });

  it('the controller refuses before accepting: expectUser', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host} storage-key="expect"></session-provider>`));
    await p.login(DEMO);
    const demo = p.user;
    const stored = localStorage.getItem('expect');
    const logins = collect(p, 'session-login');
    const errors = collect(p, 'session-error');
    const err = await p.login(ADMIN, { expectUser: demo }).catch((e) => e);
    expect(err.code).to.equal('wrong-user');
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['wrong-user']);
    expect(logins).to.have.length(0);
    expect(p.user).to.equal(demo);
    expect(localStorage.getItem('expect')).to.equal(stored);
    // The same account is accepted, compared by id.
    await p.login(DEMO, { expectUser: { id: demo!.id } });
    expect(p.user!.email).to.equal(DEMO.email);
  });

  it('a deliberate switch elsewhere fires session-login with the previous user', async () => {
    const p = await settled(await mount<SessionProvider>(html`<session-provider host=${host} storage-key="switch"><login-form></login-form></session-provider>`));
    await p.login(DEMO);
    const logins = collect(p, 'session-login');
    // A page's ordinary sign-in form is not re-authentication: another account may sign in there.
    const form = p.querySelector<LoginForm>('login-form')!;
    await form.updateComplete;
    expect(form.querySelector<HTMLInputElement>('input[name=email]')!.readOnly).to.equal(false);
    form.querySelector<HTMLInputElement>('input[name=email]')!.value = ADMIN.email;
    form.querySelector<HTMLInputElement>('input[name=password]')!.value = ADMIN.password;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitFor(() => logins.length, 5000, 'session-login');
    expect(logins).to.have.length(1);
    expect(logins[0].detail.user!.email).to.equal(ADMIN.email);
    expect(logins[0].detail.previous?.email).to.equal(DEMO.email);
    // Signing in again as the same user is no switch.
    await p.login(ADMIN);
    expect(logins[1].detail.previous).to.equal(undefined);
  });
});
