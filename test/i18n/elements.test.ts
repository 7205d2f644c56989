// Every element's text follows the nearest `lang`, live, against a real Bknd: a switch re-renders
// every element; attributes win; registerTranslation() adds and overrides; errors by code.
import { expect, html } from '@open-wc/testing';
import { registerTranslation, SessionError } from '../../src/index.js';
import type { LoginForm, LogoutButton, LoginButton, SessionExpiryWarning, SessionGuard, SessionProvider } from '../../src/index.js';
import { DEMO, cleanStorage, mount, newBknd, settled, waitFor } from '../elements/util.js';

const text = (el: Element | null | undefined) => el?.textContent?.trim() ?? '';
const formTexts = (f: LoginForm) => ({
  email: text(f.querySelector('[part=label-text]')),
  password: text(f.querySelectorAll('[part=label-text]')[1]),
  toggle: text(f.querySelector('[part=toggle]')),
  submit: text(f.querySelector('button[type=submit]')),
});
const shadowText = (el: Element, sel: string) => text(el.shadowRoot!.querySelector(sel));
/** Lit renders in a microtask; a language chunk arrives a few tasks later. */
const until = (pred: () => boolean, what: string) => waitFor(pred, 5000, what);

describe('languages', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  it('a live lang switch re-renders every element: form, buttons, guard, warning', async () => {
    // A 9 s token with warn-before 8: the warning is up from about 1 s after sign-in.
    const shortHost = await newBknd(9);
    const root = await mount<HTMLDivElement>(html`<div lang="en">
      <session-provider host=${shortHost} warn-before="3" storage-key="i18n-live" check-interval="0">
        <login-button strategy="google"></login-button>
        <logout-button></logout-button>
        <session-guard><login-form slot="fallback" mode="register" minlength="8"></login-form><p>in</p></session-guard>
        <session-expiry-warning></session-expiry-warning>
      </session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const form = root.querySelector<LoginForm>('login-form')!;
    const oauth = root.querySelector<LoginButton>('login-button')!;
    const logout = root.querySelector<LogoutButton>('logout-button')!;
    await form.updateComplete;
    expect(formTexts(form)).to.deep.equal({ email: 'Email', password: 'Password', toggle: 'Show password', submit: 'Create account' });
    expect(text(form.querySelector('[part=hint]'))).to.equal('At least 8 characters.');
    expect(shadowText(oauth, 'button')).to.equal('Continue with Google');

    root.lang = 'de';
    await until(() => formTexts(form).submit === 'Konto erstellen', 'German in the form');
    expect(formTexts(form)).to.deep.equal({ email: 'E-Mail', password: 'Passwort', toggle: 'Passwort anzeigen', submit: 'Konto erstellen' });
    expect(text(form.querySelector('[part=hint]'))).to.equal('Mindestens 8 Zeichen.');
    expect(shadowText(oauth, 'button')).to.equal('Weiter mit Google');
    expect(shadowText(logout, 'button')).to.equal('Abmelden');

    await p.login(DEMO);
    const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
    // A 9 s token: the warning opens 3 s before its end (warn-before is capped at a third of the lifetime).
    await waitFor(() => !!w.shadowRoot!.querySelector('dialog')?.open, 9000, 'the warning');
    expect(shadowText(w, '#heading')).to.equal('Ihre Sitzung endet gleich');
    expect(shadowText(w, 'button[part~=logout]')).to.equal('Abmelden');

    root.lang = 'fr';
    await until(() => shadowText(w, '#heading') === 'Votre session va bientôt se terminer', 'French in the warning');
    expect(shadowText(w, '[part=message]')).to.equal('Votre session ne peut pas être prolongée. Reconnectez-vous pour continuer\u00a0; cette page reste ouverte.');
    expect(text(w.shadowRoot!.querySelector('#message p:last-child'))).to.match(/^Temps restant\u00a0: \d:\d\d$/);
    expect(shadowText(logout, 'button')).to.equal('Se déconnecter');
    // The warning's own sign-in form, in its shadow root, follows the page's lang too.
    const inner = w.shadowRoot!.querySelector<LoginForm>('login-form')!;
    expect(formTexts(inner).submit).to.equal('Se connecter');

    root.lang = 'ar';
    await until(() => shadowText(w, '#heading') === 'جلستك على وشك الانتهاء', 'Arabic in the warning');
    // The countdown in the language's digits, as Intl writes them.
    const digits = (0).toLocaleString('ar') + ':';
    expect(shadowText(w, '[part=countdown]').startsWith(digits)).to.equal(true);
    expect(formTexts(inner).submit).to.equal('تسجيل الدخول');
    await p.logout();
  });

  it('the guard announces in its language', async () => {
    const root = await mount<HTMLDivElement>(html`<div lang="nl">
      <session-provider host=${host} storage-key="i18n-guard" check-interval="0">
        <session-guard><login-form slot="fallback"></login-form><h2>Binnen</h2></session-guard>
      </session-provider></div>`);
    const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
    const form = root.querySelector<LoginForm>('login-form')!;
    await until(() => formTexts(form).submit === 'Inloggen', 'Dutch');
    form.querySelector<HTMLInputElement>('input[name=email]')!.value = DEMO.email;
    form.querySelector<HTMLInputElement>('input[name=password]')!.value = DEMO.password;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const guard = root.querySelector<SessionGuard>('session-guard')!;
    await until(() => shadowText(guard, '[part=announcer]') === 'Ingelogd', 'the announcement');
    await p.logout();
  });

  it('nearest lang: the element\'s own, a shadow root\'s ancestor (changed live there too), regions, unknown and invalid tags', async () => {
    const root = await mount<HTMLDivElement>(html`<div lang="de">
      <session-provider host=${host} storage-key="i18n-near">
        <login-form id="own" lang="es"></login-form>
        <login-form id="region" lang="pt-BR"></login-form>
        <login-form id="zh" lang="zh-TW"></login-form>
        <login-form id="unknown" lang="sv"></login-form>
        <login-form id="invalid" lang="not a tag"></login-form>
        <div id="shadow-host"></div>
      </session-provider></div>`);
    const shadow = root.querySelector('#shadow-host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div lang="ja"><login-form></login-form></div>';
    const submit = (f: Element) => formTexts(f as LoginForm).submit;
    const inShadow = shadow.querySelector('login-form')!;
    await until(() => submit(inShadow) === 'ログイン', 'Japanese inside a shadow root');
    await until(() => submit(root.querySelector('#zh')!) === '登录', 'Chinese');
    await until(() => submit(root.querySelector('#own')!) === 'Iniciar sesión', 'Spanish');
    await until(() => submit(root.querySelector('#region')!) === 'Entrar', 'Portuguese');
    expect(submit(root.querySelector('#unknown')!)).to.equal('Sign in');
    expect(submit(root.querySelector('#invalid')!)).to.equal('Sign in');
    shadow.querySelector('div')!.lang = 'pl';
    await until(() => submit(inShadow) === 'Zaloguj się', 'Polish after the change inside the shadow root');
    shadow.querySelector('div')!.removeAttribute('lang');
    await until(() => submit(inShadow) === 'Anmelden', 'the light-DOM ancestor\'s German once the shadow lang is gone');
    // Moved under another lang: rendered again on connect.
    root.querySelector('#own')!.removeAttribute('lang');
    root.querySelector('#unknown')!.append(inShadow);
    await until(() => submit(inShadow) === 'Sign in', 'moved under lang="sv"');
  });

  it('the form\'s notice (a sign-out in another tab) in its language, switching live', async () => {
    const root = await mount<HTMLDivElement>(html`<div>
      <session-provider id="a" host=${host} storage-key="i18n-notice" check-interval="0"></session-provider>
      <session-provider id="b" host=${host} storage-key="i18n-notice" check-interval="0"><login-form lang="ja"></login-form></session-provider>
    </div>`);
    const [a, b] = [...root.querySelectorAll<SessionProvider>('session-provider')];
    await settled(a);
    await settled(b);
    const form = root.querySelector<LoginForm>('login-form')!;
    await a.login(DEMO);
    await until(() => b.status === 'authenticated', 'the other tab to sign in');
    await a.logout();
    await until(() => b.status === 'unauthenticated', 'the other tab to sign out');
    const notice = form.querySelector('[part=notice]')!;
    await until(() => text(notice) === '別のタブでログアウトしました。', 'the Japanese notice');
    form.lang = 'pl';
    await until(() => text(notice) === 'Wylogowano w innej karcie.', 'the Polish notice');
  });

  it('an attribute wins over every language, and the language comes back when it is removed', async () => {
    const root = await mount<HTMLDivElement>(html`<div lang="de">
      <session-provider host=${host} storage-key="i18n-attr">
        <login-form email-label="Courriel" submit-label="Los"></login-form>
        <logout-button label="Tschüss"></logout-button>
      </session-provider></div>`);
    const form = root.querySelector<LoginForm>('login-form')!;
    await until(() => formTexts(form).password === 'Passwort', 'German');
    expect(formTexts(form)).to.include({ email: 'Courriel', submit: 'Los' });
    expect(shadowText(root.querySelector('logout-button')!, 'button')).to.equal('Tschüss');
    root.lang = 'it';
    await until(() => formTexts(form).password === 'Password' && formTexts(form).toggle === 'Mostra password', 'Italian');
    expect(formTexts(form)).to.include({ email: 'Courriel', submit: 'Los' });
    form.removeAttribute('email-label');
    await form.updateComplete;
    expect(formTexts(form).email).to.equal('Email');
  });

  it('plural forms through Intl.PluralRules, numbers in the language\'s digits', async () => {
    const root = await mount<HTMLDivElement>(html`<div>
      <session-provider host=${host} storage-key="i18n-plural">
        <login-form lang="pl" mode="register" minlength="3"></login-form>
        <login-form lang="pl" mode="register" minlength="12"></login-form>
        <login-form lang="ar" mode="register" minlength="8"></login-form>
        <login-form lang="ar" mode="register" minlength="12"></login-form>
      </session-provider></div>`);
    const hints = () => [...root.querySelectorAll('login-form')].map((f) => text(f.querySelector('[part=hint]')));
    await until(() => hints()[0].startsWith('Co') && hints()[2].includes('أحرف'), 'Polish and Arabic');
    const ar = (n: number) => n.toLocaleString('ar');
    expect(hints()).to.deep.equal(['Co najmniej 3 znaki.', 'Co najmniej 12 znaków.', `${ar(8)} أحرف على الأقل.`, `${ar(12)} حرفًا على الأقل.`]);
  });

  it('errors shown by code in the form\'s language, switching live; English shows the error\'s own message', async () => {
    const root = await mount<HTMLDivElement>(html`<div lang="de">
      <session-provider host=${host} storage-key="i18n-error"><login-form></login-form></session-provider></div>`);
    await settled(root.querySelector<SessionProvider>('session-provider')!);
    const form = root.querySelector<LoginForm>('login-form')!;
    const errors: SessionError[] = [];
    form.addEventListener('login-error', (e) => errors.push((e as CustomEvent).detail.error));
    await until(() => formTexts(form).submit === 'Anmelden', 'German');
    form.querySelector<HTMLInputElement>('input[name=email]')!.value = DEMO.email;
    form.querySelector<HTMLInputElement>('input[name=password]')!.value = 'wrong-password';
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const alert = form.querySelector('[part=error]')!;
    await until(() => errors.length === 1, 'login-error');
    expect(errors[0].code).to.equal('invalid-credentials');
    await until(() => text(alert) === 'E-Mail-Adresse oder Passwort ist falsch.', 'the German message');
    root.lang = 'es';
    await until(() => text(alert) === 'Correo electrónico o contraseña incorrectos.', 'the Spanish message');
    root.lang = 'en';
    await until(() => text(alert) === errors[0].message, 'the error\'s own message');
    // Editing a field clears it, as before.
    form.querySelector('input')!.dispatchEvent(new Event('input', { bubbles: true }));
    await form.updateComplete;
    expect(text(alert)).to.equal('');
  });

  it('registerTranslation(): overrides one string of a built-in language (before it loads), adds a language, and refuses bad input', async () => {
    registerTranslation({ $code: 'fr', signIn: 'Connexion' }, { $code: 'tlh', signIn: 'Qapla’', emailLabel: 'QIn' });
    const root = await mount<HTMLDivElement>(html`<div>
      <session-provider host=${host} storage-key="i18n-register">
        <login-form lang="fr"></login-form>
        <login-form lang="tlh"></login-form>
      </session-provider></div>`);
    const [fr, tlh] = [...root.querySelectorAll<LoginForm>('login-form')];
    await until(() => formTexts(fr).password === 'Mot de passe', 'French');
    expect(formTexts(fr).submit).to.equal('Connexion');
    // Keys it lacks come from English.
    expect(formTexts(tlh)).to.deep.equal({ email: 'QIn', password: 'Password', toggle: 'Show password', submit: 'Qapla’' });
    // Registered later: every element renders again.
    registerTranslation({ $code: 'tlh', passwordLabel: 'mu’ pegh' });
    await tlh.updateComplete;
    expect(formTexts(tlh).password).to.equal('mu’ pegh');

    for (const bad of [{ $code: 'not a tag' }, { $code: '' }, {}, null]) {
      let thrown: unknown;
      try {
        registerTranslation(bad as never);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(bad)).to.be.instanceOf(SessionError);
      expect((thrown as SessionError).code).to.equal('config');
      expect((thrown as SessionError).hint).to.match(/registerTranslation: \$code/);
    }
    // Back to the built-in text for the next tests.
    registerTranslation({ $code: 'fr', signIn: 'Se connecter' });
  });
});
