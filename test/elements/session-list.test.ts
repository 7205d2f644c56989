// <session-list> against a real Bknd with the session-elements/bknd plugin: what it lists, axe,
// keyboard, the revoke flows (checked on the server: the ended sessions' tokens are refused), a
// backend that cannot list sessions, bad answers, and the "revoked" sign-out it leads to elsewhere.
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LoginForm, SessionList, SessionProvider } from '../../src/index.js';
import { relativeTime } from '../../src/i18n/format.js';
import {
  DEMO, cleanStorage, collect, deepActiveElement, meStatus, mount, newBknd, newFaultProxy, newSessionsBknd, settled, setFault, signInElsewhere, waitFor,
} from './util.js';
import { engine } from '../engines/engine.js';

const press = (key: string) => sendKeys({ press: key });
const part = <T extends Element = HTMLElement>(list: SessionList, name: string) => list.shadowRoot?.querySelector<T>(`[part~=${name}]`) ?? null;
const parts = (list: SessionList, name: string) => [...(list.shadowRoot?.querySelectorAll<HTMLElement>(`[part~=${name}]`) ?? [])];
const rows = (list: SessionList) => parts(list, 'item');

async function page(host: string, key: string, attrs = '') {
  const root = await mount(html`<div><button id="before">before</button></div>`);
  // Attributes as a page writes them (some tests override strings).
  root.insertAdjacentHTML('beforeend', `<session-provider host="${host}" storage-key="${key}" check-interval="0"><session-list ${attrs}></session-list><login-form></login-form></session-provider>`);
  const provider = await settled(root.querySelector<SessionProvider>('session-provider')!);
  return { root, provider, list: root.querySelector<SessionList>('session-list')!, form: root.querySelector<LoginForm>('login-form')! };
}

/** Signed in here, with `others` more sessions of the same user elsewhere; the list shows them all. */
async function signedIn(others: number, attrs = '') {
  const host = await newSessionsBknd();
  const elsewhere = [];
  for (let i = 0; i < others; i++) elsewhere.push(await signInElsewhere(host));
  const p = await page(host, `list-${Math.random().toString(36).slice(2)}`, attrs);
  await p.provider.login(DEMO);
  await waitFor(() => rows(p.list).length === others + 1, 5000, 'the list');
  return { ...p, host, elsewhere };
}

describe('<session-list>', () => {
  cleanStorage();

  it('lists the sessions: this device first and marked, each with its device and last activity; axe passes', async () => {
    const { list, provider } = await signedIn(2);
    expect(provider.state.renewable, 'a Bknd sign-in with the plugin is renewable').to.equal(true);
    const [first, ...rest] = rows(list);
    expect(first.getAttribute('part')).to.equal('item current');
    expect(first.querySelector('[part=badge]')!.textContent).to.equal('This device');
    expect(first.querySelector('[part~=sign-out]'), 'no sign-out on the current row').to.equal(null);
    for (const row of rest) expect(row.querySelector('[part~=sign-out]')).to.exist;
    // bowser's label of this browser (WebKitGTK's MiniBrowser says it is Safari).
    const label = { chromium: /^Chrom(e|ium) on /, firefox: /^Firefox on /, webkit: /^(Safari|WebKit|Epiphany)\b/ }[engine];
    expect(first.querySelector('[part=device]')!.textContent).to.match(label);
    expect(first.querySelector('time')!.textContent).to.match(/^Last active /);
    expect(part(list, 'list')!.getAttribute('aria-labelledby')).to.equal('heading');
    expect(part(list, 'heading')!.getAttribute('role')).to.equal('heading');
    // Each button is named for its row (visible text "Sign out" is part of the name).
    const names = parts(list, 'sign-out').map((b) => b.getAttribute('aria-label'));
    expect(names.every((n) => /^Sign out .+/.test(n!))).to.equal(true);
    await expect(list).to.be.accessible();
  });

  it('keyboard: Enter on a row\'s Sign out ends that session on the server; focus moves to the next row\'s button, then to the heading', async () => {
    const { root, list, elsewhere, host } = await signedIn(2);
    const [b1, second] = parts(list, 'sign-out');
    // Tab order: each row's button, then "Sign out of all other devices" (the heading is not a Tab stop).
    root.querySelector<HTMLButtonElement>('#before')!.focus();
    for (const expected of [b1, second, part(list, 'sign-out-others')]) {
      await press('Tab');
      expect(deepActiveElement()).to.equal(expected);
    }
    await press('Shift+Tab');
    await press('Shift+Tab');
    expect(deepActiveElement()).to.equal(b1);
    const [id1] = rows(list).slice(1).map((r) => r.id);
    await press('Enter');
    await waitFor(() => rows(list).length === 2, 5000, 'the row to go');
    expect(rows(list).some((r) => r.id === id1)).to.equal(false);
    const [b2] = parts(list, 'sign-out');
    expect(deepActiveElement(), 'focus on the next row\'s button').to.equal(b2);
    expect(part(list, 'status')!.textContent).to.match(/^Signed out .+\.$/);
    // Exactly one of the other two sessions ended on the server.
    const statuses = await Promise.all(elsewhere.map((s) => meStatus(host, s.token)));
    expect(statuses.sort()).to.deep.equal([200, 401]);
    await press('Enter');
    await waitFor(() => rows(list).length === 1, 5000, 'the last other row to go');
    expect(deepActiveElement(), 'no rows left to go to: the heading').to.equal(part(list, 'heading'));
    expect(part(list, 'status')!.textContent).to.match(/^Signed out /);
    for (const s of elsewhere) expect(await meStatus(host, s.token)).to.equal(401);
    await expect(list).to.be.accessible();
  });

  it('"Sign out of all other devices" ends every other session and keeps this one', async () => {
    const { list, provider, elsewhere, host } = await signedIn(3);
    const all = part(list, 'sign-out-others')!;
    expect(all.textContent).to.equal('Sign out of all other devices');
    all.focus();
    await press('Enter');
    await waitFor(() => rows(list).length === 1, 5000, 'only this device left');
    expect(part(list, 'status')!.textContent).to.equal('Signed out of 3 other devices.');
    expect(part(list, 'sign-out-others'), 'nothing left to sign out').to.equal(null);
    expect(deepActiveElement()).to.equal(part(list, 'heading'));
    for (const s of elsewhere) expect(await meStatus(host, s.token)).to.equal(401);
    expect(provider.status).to.equal('authenticated');
    expect(await meStatus(host, localStorage.getItem(provider.getAttribute('storage-key')!)!), 'this session still counts').to.equal(200);
    await expect(list).to.be.accessible();
  });

  it('a sign-out the server could not do: the row stays, focus stays on its button, the status line says so', async () => {
    const host = await newSessionsBknd();
    const id = host.split('/').pop()!;
    // A fault proxy in front of that same Bknd (with the plugin).
    const proxy = await (await fetch(`/__hub/fault?id=${id}&mode=pass`, { method: 'POST', body: '{}' })).json();
    await signInElsewhere(host);
    const { list, provider } = await page(proxy.host, 'list-fail');
    const errors = collect(list, 'session-error');
    await provider.login(DEMO);
    await waitFor(() => rows(list).length === 2, 5000, 'the list');
    const button = part(list, 'sign-out')!;
    button.focus();
    await setFault(id, '500');
    await press('Enter');
    await waitFor(() => part(list, 'status')!.textContent === 'Signing out didn’t work. Please try again.', 5000, 'the error');
    expect(rows(list)).to.have.length(2);
    expect(deepActiveElement()).to.equal(part(list, 'sign-out'));
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['server']);
    await setFault(id, 'pass');
  });

  it('every string can be set by attribute', async () => {
    const { list } = await signedIn(1, 'heading="Devices" current-label="Here" sign-out-label="End" sign-out-session-label="End {device} now" last-active-label="Seen {time}" sign-out-others-label="End the rest"');
    expect(part(list, 'heading')!.textContent).to.equal('Devices');
    expect(part(list, 'badge')!.textContent).to.equal('Here');
    expect(part(list, 'sign-out')!.textContent).to.equal('End');
    expect(part(list, 'sign-out')!.getAttribute('aria-label')).to.match(/^End .+ now$/);
    expect(part(list, 'last-active')!.textContent).to.match(/^Seen /);
    expect(part(list, 'sign-out-others')!.textContent).to.equal('End the rest');
    list.setAttribute('heading', 'Live change');
    await waitFor(() => part(list, 'heading')!.textContent === 'Live change', 2000, 'the new heading');
    list.setAttribute('heading-level', '3');
    await waitFor(() => part(list, 'heading')!.getAttribute('aria-level') === '3', 2000, 'the level');
  });

  it('a session ended from another device signs this one out at its next request, with reason "revoked", and the form says so', async () => {
    const { list, provider, form, host } = await signedIn(1);
    const here = rows(list)[0].id.slice(2);
    const other = await signInElsewhere(host);
    // The other device ends this browser's session.
    const res = await fetch(`${host}/api/auth/sessions/${encodeURIComponent(here)}`, { method: 'DELETE', credentials: 'omit', headers: { authorization: `Bearer ${other.token}`, accept: 'application/json' } });
    expect(res.status).to.equal(200);
    const logouts = collect(provider, 'session-logout');
    const r = await provider.controller!.fetch('/api/data/entity/users') // relative: the auth server's (host + path);
    expect(r.status).to.equal(401);
    expect(provider.status).to.equal('unauthenticated');
    expect(logouts.map((e) => e.detail)).to.deep.equal([{ reason: 'revoked', remote: false }]);
    expect(provider.state.reason).to.equal('revoked');
    await form.updateComplete;
    expect(form.querySelector('[part=notice]')!.textContent).to.equal('You were signed out on another device.');
    // Signed out: the list shows nothing.
    await waitFor(() => !part(list, 'base'), 2000, 'the list to go');
  });

  it('an open expiry warning says it too when the session was ended elsewhere', async () => {
    const host = await newSessionsBknd();
    const root = await mount(html`<div></div>`);
    // The idle warning opens 2 s after sign-in.
    root.innerHTML = `<session-provider host="${host}" storage-key="list-warn" check-interval="0" idle-timeout="8" warn-before="6"><session-expiry-warning></session-expiry-warning></session-provider>`;
    const provider = await settled(root.querySelector<SessionProvider>('session-provider')!);
    await provider.login(DEMO);
    const warning = root.querySelector('session-expiry-warning')!;
    await waitFor(() => warning.shadowRoot?.querySelector('dialog')?.open, 6000, 'the warning');
    const other = await signInElsewhere(host);
    await fetch(`${host}/api/auth/sessions/revoke`, {
      method: 'POST', credentials: 'omit', body: JSON.stringify({ scope: 'others' }),
      headers: { authorization: `Bearer ${other.token}`, accept: 'application/json', 'content-type': 'application/json' },
    });
    await provider.controller!.fetch('/api/auth/me');
    expect(provider.state.reason).to.equal('revoked');
    await waitFor(() => warning.shadowRoot!.querySelector('[part=status]')!.textContent === 'You were signed out on another device.', 2000, 'the status line');
    expect(warning.shadowRoot!.querySelector('dialog')!.open, 'the dialog stays open to say so').to.equal(true);
    expect(warning.shadowRoot!.querySelector('[part=message]')!.textContent).to.equal('You were signed out on another device.');
  });

  it('a reload after the session was ended elsewhere: the first check (401 session_revoked on /me) signs out with reason "revoked"', async () => {
    const { root, host } = await signedIn(0);
    const key = root.querySelector('session-provider')!.getAttribute('storage-key')!;
    const other = await signInElsewhere(host);
    const ended = await fetch(`${host}/api/auth/sessions/revoke`, {
      method: 'POST', credentials: 'omit', body: JSON.stringify({ scope: 'others' }),
      headers: { authorization: `Bearer ${other.token}`, accept: 'application/json', 'content-type': 'application/json' },
    });
    expect((await ended.json()).revoked).to.equal(1);
    root.remove();
    const again = await page(host, key);
    // The stored session shows at once; the server's word comes behind it.
    await waitFor(() => again.provider.status === 'unauthenticated', 5000, 'the first check to sign out');
    expect(again.provider.state.reason).to.equal('revoked');
    expect(localStorage.getItem(key), 'the stored token is gone').to.equal(null);
  });

  it('a refresh of an ended session is refused (401 invalid_grant): signed out with reason "invalid"', async () => {
    const { provider, host } = await signedIn(0);
    const other = await signInElsewhere(host);
    await fetch(`${host}/api/auth/sessions/revoke`, {
      method: 'POST', credentials: 'omit', body: JSON.stringify({ scope: 'others' }),
      headers: { authorization: `Bearer ${other.token}`, accept: 'application/json', 'content-type': 'application/json' },
    });
    expect(await provider.refresh()).to.equal(false);
    expect(provider.status).to.equal('unauthenticated');
    expect(provider.state.reason).to.equal('invalid');
  });

  it('refresh() renews a plugin session: a new access token, the same session', async () => {
    const { provider, host, list } = await signedIn(0);
    const key = provider.getAttribute('storage-key')!;
    const before = localStorage.getItem(key)!;
    const refreshes = collect(provider, 'session-refresh');
    await new Promise((r) => setTimeout(r, 1100)); // a new iat second, so the token differs
    expect(await provider.refresh()).to.equal(true);
    const after = localStorage.getItem(key)!;
    expect(after).to.not.equal(before);
    expect(refreshes).to.have.length(1);
    expect(localStorage.getItem(`${key}:refresh`)).to.be.a('string');
    expect(await meStatus(host, after)).to.equal(200);
    await list.reload();
    expect(rows(list)).to.have.length(1);
  });

  it('logout({ scope: "global" }) ends every session of the user, this one too', async () => {
    const { provider, elsewhere, host } = await signedIn(1);
    const token = localStorage.getItem(provider.getAttribute('storage-key')!)!;
    await provider.controller!.logout({ scope: 'global' });
    expect(provider.status).to.equal('unauthenticated');
    expect(provider.state.reason).to.equal('logout');
    expect(await meStatus(host, token)).to.equal(401);
    expect(await meStatus(host, elsewhere[0].token)).to.equal(401);
  });

  it('a Bknd without the plugin: says politely that sessions cannot be listed (a config error for the developer); axe passes', async () => {
    const host = await newBknd();
    const { list, provider } = await page(host, 'list-plain');
    const errors = collect(list, 'session-error');
    await provider.login(DEMO);
    expect(provider.state.renewable, 'plain Bknd: not renewable').to.equal(false);
    await waitFor(() => part(list, 'status')?.textContent === 'Signed-in devices can’t be listed here.', 5000, 'the notice');
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['config']);
    expect(errors[0].detail.error.hint).to.match(/session-elements\/bknd/);
    expect(rows(list)).to.have.length(0);
    await expect(list).to.be.accessible();
    // And signing out the others is refused with the same typed error; this session stays.
    const e = await provider.controller!.logout({ scope: 'others' }).catch((x) => x);
    expect(e.code).to.equal('config');
    expect(provider.status).to.equal('authenticated');
  });

  it('a backend with no sessions() at all: the same polite notice', async () => {
    const host = await newBknd();
    const root = await mount(html`<div></div>`);
    root.innerHTML = `<session-provider storage-key="list-custom" check-interval="0"><session-list></session-list></session-provider>`;
    const provider = root.querySelector<SessionProvider>('session-provider')!;
    const { bknd } = await import('../../src/core/index.js');
    const { sessions: _s, revokeSession: _r, ...plain } = bknd({ host });
    provider.backend = plain;
    await settled(provider);
    await provider.login(DEMO);
    const list = root.querySelector<SessionList>('session-list')!;
    await waitFor(() => part(list, 'status')?.textContent === 'Signed-in devices can’t be listed here.', 5000, 'the notice');
    const e = await provider.controller!.sessions().catch((x) => x);
    expect(e.code).to.equal('config');
    expect(e.hint).to.match(/no sessions\(\)/);
  });

  it('an answer that is not a session list: an error with a retry button, which loads it again', async () => {
    const proxy = await newFaultProxy();
    const { list, provider } = await page(proxy.host, 'list-bad');
    await provider.login(DEMO);
    await setFault(proxy.id, 'json'); // every answer is now {"ok":true}
    await list.reload();
    await waitFor(() => part(list, 'retry'), 5000, 'the retry button');
    expect(part(list, 'status')!.textContent).to.equal('Your sessions couldn’t be loaded.');
    await expect(list).to.be.accessible();
    await setFault(proxy.id, 'html');
    part(list, 'retry')!.click();
    await waitFor(() => part(list, 'retry') && part(list, 'status')!.textContent === 'Your sessions couldn’t be loaded.', 5000, 'still an error');
  });

  it('relative times in the page language (the one function, src/i18n/format.ts)', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    expect(relativeTime('en', now - 5 * 60_000, now)).to.equal('5 minutes ago');
    expect(relativeTime('en', now, now)).to.equal('now');
    expect(relativeTime('en', now - 86_400_000, now)).to.equal('yesterday');
    expect(relativeTime('de', now - 3 * 3600_000, now)).to.equal('vor 3 Stunden');
  });

  /** The "Last active …" text of `row` is `label` with the relative time in `lang` (read before or after: a second may pass). */
  const lastActive = (row: Element, lang: string, label: string) => {
    const time = row.querySelector('time')!;
    const at = Date.parse(time.getAttribute('datetime')!);
    const before = relativeTime(lang, at);
    const shown = time.textContent!;
    return [before, relativeTime(lang, at)].some((t) => shown === label.replace('{time}', t));
  };

  it('a live lang switch re-renders it: heading, badge, buttons and their names, status line, relative times; Arabic right to left; an attribute wins', async () => {
    const { root, list } = await signedIn(2);
    const heading = () => part(list, 'heading')!.textContent;
    expect(lastActive(rows(list)[0], 'en', 'Last active {time}'), 'English relative time').to.equal(true);
    part<HTMLButtonElement>(list, 'sign-out')!.click();
    await waitFor(() => /^Signed out .+\.$/.test(part(list, 'status')!.textContent!), 5000, 'the status line');
    const device = rows(list)[1].querySelector('[part=device]')!.textContent!;

    root.lang = 'de';
    await waitFor(() => heading() === 'Hier sind Sie angemeldet', 5000, 'German');
    expect(part(list, 'badge')!.textContent).to.equal('Dieses Gerät');
    expect(part(list, 'sign-out')!.textContent).to.equal('Abmelden');
    expect(part(list, 'sign-out')!.getAttribute('aria-label')).to.equal(`${device} abmelden`);
    expect(part(list, 'sign-out-others')!.textContent).to.equal('Auf allen anderen Geräten abmelden');
    expect(part(list, 'status')!.textContent, 'the status line follows too').to.match(/^.+ abgemeldet\.$/);
    for (const row of rows(list)) expect(lastActive(row, 'de', 'Zuletzt aktiv {time}'), 'German relative time').to.equal(true);

    root.lang = 'fr';
    await waitFor(() => heading() === 'Où vous êtes connecté', 5000, 'French');
    expect(part(list, 'status')!.textContent).to.match(/^.+ déconnecté\.$/);
    for (const row of rows(list)) expect(lastActive(row, 'fr', 'Dernière activité {time}')).to.equal(true);

    root.lang = 'ar';
    root.dir = 'rtl';
    await waitFor(() => heading() === 'الأجهزة التي سجّلت الدخول منها', 5000, 'Arabic');
    expect(part(list, 'badge')!.textContent).to.equal('هذا الجهاز');
    expect(part(list, 'sign-out')!.getAttribute('aria-label')).to.equal(`تسجيل الخروج من ${device}`);
    for (const row of rows(list)) expect(lastActive(row, 'ar', 'آخر نشاط {time}')).to.equal(true);
    // Right to left: the row starts at the right edge (logical properties, `dir` inherited into the shadow root).
    const row = rows(list)[0];
    expect(getComputedStyle(part(list, 'base')!).direction).to.equal('rtl');
    const d = row.querySelector('[part=device]')!.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    expect(r.right - d.right, 'the device label at the start (right)').to.be.below(d.left - r.left);
    await expect(list).to.be.accessible();

    // An attribute wins over the language; one set to its English default counts as unset.
    list.setAttribute('current-label', 'Ici');
    list.setAttribute('heading', 'Where you’re signed in');
    await waitFor(() => part(list, 'badge')!.textContent === 'Ici', 2000, 'the attribute');
    expect(heading()).to.equal('الأجهزة التي سجّلت الدخول منها');
  });

  it('plural forms: "1 other device" in English, the language\'s own form after a switch', async () => {
    const { root, list } = await signedIn(1);
    part<HTMLButtonElement>(list, 'sign-out-others')!.click();
    await waitFor(() => part(list, 'status')!.textContent === 'Signed out of 1 other device.', 5000, 'the English singular');
    root.lang = 'ar';
    await waitFor(() => part(list, 'status')!.textContent === 'تم تسجيل الخروج من جهاز آخر.', 5000, 'the Arabic singular');
    root.lang = 'pl';
    await waitFor(() => part(list, 'status')!.textContent === 'Wylogowano z jednego innego urządzenia.', 5000, 'the Polish singular');
  });

  it('a lang on the element itself, or a region tag, picks the language too (pt-BR: Portuguese)', async () => {
    const { list } = await signedIn(0);
    list.lang = 'pt-BR';
    await waitFor(() => part(list, 'badge')!.textContent === 'Este dispositivo', 5000, 'Portuguese');
    expect(part(list, 'status')!.textContent).to.equal('Você não está conectado em nenhum outro dispositivo.');
  });
});
