import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MESSAGES, type LoginForm, type SessionProvider } from '../../src/index.js';
import {
  DEMO, EVIL_TARGETS, cleanStorage, collect, mount, newBknd, newFaultProxy, requestCounts, setFault, settled, uniqueEmail, waitFor,
} from './util.js';

const parts = (form: LoginForm) => ({
  form: form.querySelector('form')!,
  email: form.querySelector<HTMLInputElement>('input[name=email]')!,
  password: form.querySelector<HTMLInputElement>('input[name=password]')!,
  button: form.querySelector<HTMLButtonElement>('button[type=submit]')!,
  alert: form.querySelector('[role=alert]')!,
});

async function fill(form: LoginForm, email: string, password: string) {
  const { email: e, password: p } = parts(form);
  e.value = email;
  p.value = password;
}

/** Submits a wrong password with the button; resolves with the `login-error` events once the alert shows. */
async function failSignIn(form: LoginForm) {
  const errors = collect(form, 'login-error');
  await fill(form, DEMO.email, 'wrong-password');
  parts(form).button.click();
  await waitFor(() => errors.length, 5000, 'login-error');
  await form.updateComplete;
  return errors;
}

describe('<login-form>', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  const withForm = (attrs = html`<login-form></login-form>`, h = host) => html`<session-provider host=${h}>${attrs}</session-provider>`;
  const formIn = async (p: SessionProvider) => {
    await settled(p);
    const f = p.querySelector<LoginForm>('login-form')!;
    await f.updateComplete;
    return f;
  };

  it('renders a real, labelled form in light DOM that password managers can see', async () => {
    const f = await formIn(await mount(withForm()));
    expect(f.shadowRoot).to.equal(null);
    const { form, email, password, button } = parts(f);
    expect(form).to.be.instanceOf(HTMLFormElement);
    expect(form.method).to.equal('post');
    expect(email.labels![0].textContent!.trim()).to.equal('Email');
    expect(password.labels![0].textContent!.trim()).to.equal('Password');
    expect([email.type, email.autocomplete, email.required]).to.deep.equal(['email', 'username', true]);
    expect([password.type, password.autocomplete, password.required]).to.deep.equal(['password', 'current-password', true]);
    expect([button.type, button.textContent!.trim()]).to.deep.equal(['submit', 'Sign in']);
    // Its styles come from one adopted sheet, not inline styles.
    expect(document.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(getComputedStyle(form).display).to.equal('grid');
  });

  it('signs in with the keyboard only: Tab to the fields, type, Enter submits', async () => {
    const p = await mount<SessionProvider>(html`<div><button id="before">before</button>${withForm()}</div>`);
    const provider = p.querySelector<SessionProvider>('session-provider')!;
    const f = await formIn(provider);
    const success = collect(f, 'login-success');
    p.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(parts(f).email);
    await sendKeys({ type: DEMO.email });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(parts(f).password);
    await sendKeys({ type: DEMO.password });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => success.length, 5000, 'login-success');
    expect(success[0].detail.user!.email).to.equal(DEMO.email);
    expect(success[0].bubbles && success[0].composed).to.equal(true);
    expect(provider.status).to.equal('authenticated');
    expect(parts(f).password.value).to.equal('');
  });

  it('shows the server message in role=alert, fires login-error, and keeps no password', async () => {
    const f = await formIn(await mount(withForm()));
    const errors = await failSignIn(f);
    expect(parts(f).alert.textContent).to.equal(MESSAGES['invalid-credentials']);
    expect(errors[0].detail.error.code).to.equal('invalid-credentials');
    expect(errors[0].bubbles && errors[0].composed).to.equal(true);
    expect(parts(f).password.value).to.equal('');
    expect(parts(f).email.value).to.equal(DEMO.email);
    expect(parts(f).form.getAttribute('aria-busy')).to.equal('false');
    await expect(f).to.be.accessible();
    // The next attempt clears the old message.
    await fill(f, DEMO.email, DEMO.password);
    parts(f).button.click();
    await waitFor(() => f.querySelector('[role=alert]')!.textContent === '', 5000, 'the message to clear');
  });

  it('while pending: aria-busy, the button disabled, and a second submit sends nothing', async () => {
    const fault = await newFaultProxy();
    await setFault(fault.id, 'pass', 700);
    const f = await formIn(await mount(withForm(undefined, fault.host)));
    await requestCounts(fault.id, true);
    const success = collect(f, 'login-success');
    await fill(f, DEMO.email, DEMO.password);
    parts(f).form.requestSubmit();
    await f.updateComplete;
    expect(parts(f).form.getAttribute('aria-busy')).to.equal('true');
    expect(parts(f).button.disabled).to.equal(true);
    expect(f.pending).to.equal(true);
    parts(f).form.requestSubmit(); // Enter again
    parts(f).form.dispatchEvent(new SubmitEvent('submit', { cancelable: true })); // even a synthetic submit
    await waitFor(() => success.length, 5000, 'login-success');
    await f.updateComplete;
    expect(parts(f).form.getAttribute('aria-busy')).to.equal('false');
    expect(parts(f).button.disabled).to.equal(false);
    const counts = await requestCounts(fault.id);
    expect(counts[`${fault.id} /api/auth/password/login`]).to.equal(1);
  });

  it('registers in mode="register" (new-password, "Create account")', async () => {
    const p = await mount<SessionProvider>(withForm(html`<login-form mode="register"></login-form>`));
    const f = await formIn(p);
    expect(parts(f).password.autocomplete).to.equal('new-password');
    expect(parts(f).button.textContent!.trim()).to.equal('Create account');
    const email = uniqueEmail();
    const success = collect(f, 'login-success');
    await fill(f, email, 'password123');
    parts(f).button.click();
    await waitFor(() => success.length, 5000, 'login-success');
    expect(p.user!.email).to.equal(email);
    // Registering again is refused in words.
    await p.logout();
    const errors = collect(f, 'login-error');
    await fill(f, email, 'password123');
    parts(f).button.click();
    await waitFor(() => errors.length, 5000, 'login-error');
    await f.updateComplete;
    expect(parts(f).alert.textContent).to.equal(MESSAGES['account-exists']);
  });

  it('passes its strategy to the server', async () => {
    const f = await formIn(await mount(withForm(html`<login-form strategy="nope"></login-form>`)));
    const errors = collect(f, 'login-error');
    await fill(f, DEMO.email, DEMO.password);
    parts(f).button.click();
    await waitFor(() => errors.length, 5000, 'login-error'); // Bknd knows no strategy "nope"
    expect(errors[0].detail.error.status).to.not.equal(200);
  });

  it('takes every label from attributes', async () => {
    const f = await formIn(await mount(withForm(html`<login-form email-label="E-Mail" password-label="Passwort" submit-label="Anmelden"></login-form>`)));
    expect(parts(f).email.labels![0].textContent!.trim()).to.equal('E-Mail');
    expect(parts(f).password.labels![0].textContent!.trim()).to.equal('Passwort');
    expect(parts(f).button.textContent!.trim()).to.equal('Anmelden');
  });

  describe('redirect after success', () => {
    let original: string;
    beforeEach(() => (original = location.href));
    afterEach(() => history.replaceState(null, '', original));

    async function signIn(form = html`<login-form redirect="/welcome"></login-form>`) {
      const redirects: string[] = [];
      const codes: string[] = [];
      const f = await formIn(await mount(withForm(form)));
      f.addEventListener('session-redirect', (e) => (e.preventDefault(), redirects.push(e.detail.url)));
      f.addEventListener('session-error', (e) => codes.push(e.detail.error.code));
      const success = collect(f, 'login-success');
      await fill(f, DEMO.email, DEMO.password);
      parts(f).button.click();
      await waitFor(() => success.length, 5000, 'login-success');
      return { redirects, codes };
    }

    it('goes to `redirect`', async () => {
      const { redirects, codes } = await signIn();
      expect(redirects).to.deep.equal([`${location.origin}/welcome`]);
      expect(codes).to.deep.equal([]);
    });

    it('a same-origin returnTo of the page wins', async () => {
      history.replaceState(null, '', `?returnTo=${encodeURIComponent('/deep/page?a=1#b')}`);
      const { redirects } = await signIn();
      expect(redirects).to.deep.equal([`${location.origin}/deep/page?a=1#b`]);
    });

    it('stays put without redirect or returnTo', async () => {
      const { redirects } = await signIn(html`<login-form></login-form>`);
      expect(redirects).to.deep.equal([]);
    });

    for (const target of EVIL_TARGETS) {
      it(`ignores an off-origin returnTo (${JSON.stringify(target)}) with a config error, then uses redirect`, async () => {
        history.replaceState(null, '', `?returnTo=${encodeURIComponent(target)}`);
        const { redirects, codes } = await signIn();
        expect(codes).to.deep.equal(['config']);
        expect(redirects).to.deep.equal([`${location.origin}/welcome`]);
      });

      it(`ignores an off-origin redirect (${JSON.stringify(target)}) with a config error`, async () => {
        const { redirects, codes } = await signIn(html`<login-form redirect=${target}></login-form>`);
        expect(codes).to.deep.equal(['config']);
        expect(redirects).to.deep.equal([]);
      });
    }
  });

  it('without a provider, says so with a config error instead of failing silently', async () => {
    const f = await mount<LoginForm>(html`<login-form></login-form>`);
    const codes: string[] = [];
    f.addEventListener('session-error', (e) => codes.push(e.detail.error.code));
    await fill(f, DEMO.email, DEMO.password);
    parts(f).button.click();
    expect(codes).to.deep.equal(['config']);
  });

  it('is accessible in every state (idle, pending, failed, register)', async () => {
    const fault = await newFaultProxy();
    await setFault(fault.id, 'pass', 500);
    const f = await formIn(await mount(withForm(undefined, fault.host)));
    await expect(f).to.be.accessible();
    const errors = collect(f, 'login-error');
    await fill(f, DEMO.email, 'wrong-password');
    parts(f).button.click();
    await f.updateComplete;
    expect(f.pending).to.equal(true);
    await expect(f).to.be.accessible();
    await waitFor(() => errors.length, 5000, 'login-error');
    await f.updateComplete;
    await expect(f).to.be.accessible();
    f.mode = 'register';
    await f.updateComplete;
    await expect(f).to.be.accessible();
  });

  describe('details', () => {
    it('show/hide password: named toggle with aria-pressed, same field and autocomplete; back to hidden on submit', async () => {
      const f = await formIn(await mount(withForm()));
      const toggle = f.querySelector<HTMLButtonElement>('[part=toggle]')!;
      const { password } = parts(f);
      expect([toggle.type, toggle.textContent!.trim(), toggle.getAttribute('aria-pressed')]).to.deep.equal(['button', 'Show password', 'false']);
      expect(toggle.getAttribute('aria-controls')).to.equal(password.id);
      password.value = 'typed';
      toggle.click();
      await f.updateComplete;
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(parts(f).password).to.equal(password); // the same field: what was typed or filled stays
      expect([password.type, password.value, password.autocomplete, password.name]).to.deep.equal(['text', 'typed', 'current-password', 'password']);
      await expect(f).to.be.accessible();
      const errors = collect(f, 'login-error');
      parts(f).email.value = DEMO.email;
      parts(f).form.requestSubmit();
      await f.updateComplete;
      expect(password.type).to.equal('password');
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      await waitFor(() => errors.length, 5000, 'login-error');
    });

    it('forgot-url shows a same-origin link; an off-origin one is refused with a config error', async () => {
      const f = await formIn(await mount(withForm(html`<login-form forgot-url="/reset" forgot-label="Passwort vergessen?"></login-form>`)));
      const link = f.querySelector<HTMLAnchorElement>('a[part=forgot]')!;
      expect([new URL(link.href).pathname, link.textContent]).to.deep.equal(['/reset', 'Passwort vergessen?']);
      await expect(f).to.be.accessible();
      const codes: string[] = [];
      const root = await mount(html`<div @session-error=${(e: CustomEvent) => codes.push(e.detail.error.code)}>${withForm(html`<login-form forgot-url="https://evil.example/reset"></login-form>`)}</div>`);
      const g = await formIn(root.querySelector<SessionProvider>('session-provider')!);
      expect(g.querySelector('a[part=forgot]')).to.equal(null);
      expect(codes).to.deep.equal(['config']);
    });

    it('a slot="forgot" element of the page is moved into the form', async () => {
      const f = await formIn(await mount(withForm(html`<login-form><a slot="forgot" href="/help/reset">Reset it</a></login-form>`)));
      const link = f.querySelector<HTMLAnchorElement>('a[slot=forgot]')!;
      expect(link.parentElement).to.equal(parts(f).form);
      expect(link.compareDocumentPosition(parts(f).button) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(getComputedStyle(link).display).to.not.equal('none');
    });

    it('minlength: set on the password field, hinted (and described) in register mode, text overridable', async () => {
      const f = await formIn(await mount(withForm(html`<login-form mode="register" minlength="8"></login-form>`)));
      const { password } = parts(f);
      const hint = f.querySelector('[part=hint]')!;
      expect(password.minLength).to.equal(8);
      expect(hint.textContent).to.equal('At least 8 characters.');
      expect(password.getAttribute('aria-describedby')).to.equal(hint.id);
      await expect(f).to.be.accessible();
      f.setAttribute('minlength-hint', 'Mindestens {n} Zeichen.');
      await f.updateComplete;
      expect(hint.textContent).to.equal('Mindestens 8 Zeichen.');
      f.mode = 'login';
      await f.updateComplete;
      expect(f.querySelector('[part=hint]')).to.equal(null);
      expect(parts(f).password.minLength).to.equal(8);
    });

    it('a minlength that is not a number is ignored with a config error', async () => {
      const codes: string[] = [];
      const root = await mount(html`<div @session-error=${(e: CustomEvent) => codes.push(e.detail.error.code)}>${withForm(html`<login-form mode="register" minlength="eight"></login-form>`)}</div>`);
      const f = await formIn(root.querySelector<SessionProvider>('session-provider')!);
      expect(codes).to.deep.equal(['config']);
      expect(parts(f).password.hasAttribute('minlength')).to.equal(false);
      expect(f.querySelector('[part=hint]')).to.equal(null);
    });

    it('an error goes as soon as a field is edited', async () => {
      const f = await formIn(await mount(withForm()));
      await failSignIn(f);
      expect(parts(f).alert.textContent).to.equal(MESSAGES['invalid-credentials']);
      parts(f).email.focus();
      await sendKeys({ press: 'End' });
      await sendKeys({ type: 'x' });
      await f.updateComplete;
      expect(parts(f).alert.textContent).to.equal('');
    });

    it('registering a taken email: account-exists from the real Bknd, as one event (login-error, no session-error)', async () => {
      const email = uniqueEmail();
      const root = await mount(html`<div>${withForm(html`<login-form mode="register"></login-form>`)}</div>`);
      const p = root.querySelector<SessionProvider>('session-provider')!;
      const f = await formIn(p);
      await p.register({ email, password: 'password123' });
      await p.logout();
      const formErrors = collect(root, 'login-error');
      const sessionErrors = collect(root, 'session-error');
      await fill(f, email, 'password123');
      parts(f).button.click();
      await waitFor(() => formErrors.length, 5000, 'login-error');
      await f.updateComplete;
      expect(formErrors).to.have.length(1);
      expect(sessionErrors).to.have.length(0);
      expect(formErrors[0].detail.error).to.include({ code: 'account-exists', status: 409, message: MESSAGES['account-exists'], hint: 'An account with this email already exists' });
      expect(parts(f).alert.textContent).to.equal(MESSAGES['account-exists']);
      // The same failure through the API (no form) is one session-error.
      const err = await p.register({ email, password: 'password123' }).catch((e) => e);
      expect(err.code).to.equal('account-exists');
      expect(sessionErrors.map((e) => e.detail.error)).to.deep.equal([err]);
      expect(formErrors).to.have.length(1);
    });

    it('a sign-out in another tab shows "Signed out in another tab." in a polite status line (text overridable)', async () => {
      const root = await mount(html`<div>
        <session-provider id="a" host=${host} storage-key="remote-notice" check-interval="0"><login-form></login-form></session-provider>
        <session-provider id="b" host=${host} storage-key="remote-notice" check-interval="0"><login-form remote-logout-text="Anderswo abgemeldet."></login-form></session-provider>
      </div>`);
      const [a, b] = [...root.querySelectorAll<SessionProvider>('session-provider')];
      const [fa, fb] = [await formIn(a), await formIn(b)];
      const notice = (f: LoginForm) => f.querySelector('[part=notice]')!;
      expect(notice(fb).getAttribute('role')).to.equal('status');
      expect(notice(fb).textContent).to.equal('');
      await a.login(DEMO);
      await waitFor(() => b.status === 'authenticated', 5000, 'the other tab to sign in');
      await a.logout();
      await waitFor(() => b.status === 'unauthenticated', 5000, 'the other tab to sign out');
      await fb.updateComplete;
      expect(notice(fb).textContent).to.equal('Anderswo abgemeldet.');
      expect(notice(fa).textContent).to.equal(''); // the tab that signed out knows
      await expect(fb).to.be.accessible();
      // A later sign-out of this tab's own is not "in another tab".
      await b.login(DEMO);
      await b.logout();
      await fb.updateComplete;
      expect(notice(fb).textContent).to.equal('');
      await a.login(DEMO);
      await waitFor(() => b.status === 'authenticated', 5000, 'the other tab to sign in');
      await a.logout();
      await waitFor(() => notice(fb).textContent === 'Anderswo abgemeldet.', 5000, 'the notice again');
      parts(fb).email.value = 'a';
      parts(fb).email.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await fb.updateComplete;
      expect(notice(fb).textContent).to.equal('');
    });
  });
});
