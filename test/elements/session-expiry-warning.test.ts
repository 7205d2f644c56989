import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { LoginForm, SessionExpiryWarning, SessionProvider } from '../../src/index.js';
import {
  DEMO, RT_USER, TIME_ONLY, cleanStorage, deepActiveElement, deepElements, mount, newBknd, newFaultProxy, newRefreshServer, setFault, settled, until, waitFor,
} from './util.js';

const dialogOf = (w: SessionExpiryWarning) => w.shadowRoot!.querySelector('dialog')!;
const q = <T extends Element = HTMLElement>(w: SessionExpiryWarning, sel: string) => w.shadowRoot!.querySelector<T>(sel);
const buttonLabels = (w: SessionExpiryWarning) => [...w.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim());

describe('<session-expiry-warning>', () => {
  cleanStorage();

  describe('with a hard Bknd expiry (jwt.expires = 9 s, warn-before = 3 s: at most a third of it)', () => {
    let host: string;
    before(async () => {
      host = await newBknd(9);
    });

    const page = () => html`<div>
      <input id="work" value="unsaved work">
      <session-provider host=${host} warn-before="3" login-url="/login"><session-expiry-warning></session-expiry-warning></session-provider>
    </div>`;

    it('warns that it cannot be extended, offers sign-in in place, then says the session ended and links to login-url', async () => {
      const root = await mount(page());
      const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
      const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
      const work = root.querySelector<HTMLInputElement>('#work')!;
      work.focus();
      await p.login(DEMO);
      expect(p.state!.renewable).to.equal(false);
      expect(dialogOf(w).open).to.equal(false);
      await waitFor(() => dialogOf(w)?.open, 9000, 'the warning');
      const dialog = dialogOf(w);
      expect(dialog.getAttribute('role')).to.equal('alertdialog');
      expect(dialog.matches(':modal')).to.equal(true);
      expect(q(w, '#heading')!.textContent!.trim()).to.equal('Your session is about to end');
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal("Your session can't be extended. Sign in again to keep working; this page stays open.");
      expect(q(w, '[part=countdown]')!.textContent).to.match(/^0:0[0-3]$/);
      const inner = q<LoginForm>(w, 'login-form')!;
      await inner.updateComplete;
      // Its light-DOM styles were adopted into the warning's shadow root, where it lives.
      expect(getComputedStyle(inner.querySelector('form')!).display).to.equal('grid');
      expect(buttonLabels(w)).to.include('Sign out');
      expect(buttonLabels(w)).to.not.include('Stay signed in');
      expect(dialog.contains(deepActiveElement())).to.equal(true);
      await expect(w).to.be.accessible();

      await waitFor(() => p.status === 'unauthenticated', 6000, 'the expiry');
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(true);
      expect(q(w, '#heading')!.textContent!.trim()).to.equal('Your session has ended');
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('Your session expired.');
      const link = q<HTMLAnchorElement>(w, 'a[part=login-link]')!;
      expect(new URL(link.href).pathname).to.equal('/login');
      expect(new URL(link.href).searchParams.get('returnTo')).to.equal(location.pathname + location.search);
      await expect(w).to.be.accessible();

      q(w, 'button[part~=close]')!.click();
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(false);
      expect(document.activeElement).to.equal(work);
      expect(work.value).to.equal('unsaved work');
    });

    it('signs in again in place through the dialog: it closes and the page stays as it was', async () => {
      const root = await mount(page());
      const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
      const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
      await p.login(DEMO);
      const firstExpiry = p.state!.expiresAt!;
      await waitFor(() => dialogOf(w)?.open, 9000, 'the warning');
      const form = q<LoginForm>(w, 'login-form')!;
      await form.updateComplete;
      form.querySelector<HTMLInputElement>('input[name=email]')!.value = DEMO.email;
      form.querySelector<HTMLInputElement>('input[name=password]')!.value = DEMO.password;
      form.querySelector('button[type=submit]')!.click();
      await waitFor(() => !dialogOf(w).open, 5000, 'the dialog to close');
      expect(p.status).to.equal('authenticated');
      expect(p.state!.expiresAt!).to.be.greaterThan(firstExpiry);
      expect(root.querySelector<HTMLInputElement>('#work')!.value).to.equal('unsaved work');
    });
  });

  it('after expiry, the "ended" notice adds no second sign-in form over a page that shows one: never two forms on screen', async () => {
    const host = await newBknd(9);
    const root = await mount(html`<session-provider host=${host} check-interval="0">
      <session-guard><p>Protected</p><login-form slot="fallback"></login-form></session-guard>
      <session-expiry-warning></session-expiry-warning></session-provider>`);
    const p = await settled(root as SessionProvider);
    const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
    const forms = () => deepElements().filter((el) => el.localName === 'login-form' && el.checkVisibility());
    // Every frame, from sign-in to the end: how many sign-in forms are painted at once.
    let most = 0;
    let sampling = true;
    const sample = () => {
      most = Math.max(most, forms().length);
      if (sampling) requestAnimationFrame(sample);
    };
    try {
      await p.login(DEMO);
      sample();
      // A 9 s token: the warning (warn-before 60 capped at a third of it, 3 s) offers the sign-in in place; the
      // page shows none. (A 6 s token left the warning 2 s, which a late timer on a loaded machine skipped.)
      await waitFor(() => w.open, 9000, 'the warning');
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(true);
      expect(forms()).to.have.length(1);
      expect(!!q(w, 'login-form')).to.equal(true);
      await waitFor(() => p.status === 'unauthenticated', 6000, 'the expiry');
      await waitFor(() => q(w, '#heading')?.textContent?.trim() === 'Your session has ended', 2000, 'the ended notice');
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(true);
      expect(!!q(w, 'login-form'), 'a form in the notice').to.equal(false);
      expect(forms().map((f) => f.slot)).to.deep.equal(['fallback']);
      expect(deepActiveElement()).to.equal(q(w, 'button[part~=close]'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    } finally {
      sampling = false;
    }
    expect(most, 'sign-in forms on screen at once').to.equal(1);
    q(w, 'button[part~=close]')!.click();
    await w.updateComplete;
    expect(dialogOf(w).open).to.equal(false);
  });

  it('on a refresh-token server whose refresh is failing, warns of the expiry and "Stay signed in" renews it', async () => {
    const rt = await newRefreshServer(6);
    const proxy = await newFaultProxy({ over: `rt:${rt.id}` });
    const p = await settled(await mount<SessionProvider>(html`<session-provider backend="refresh" host=${proxy.host} check-interval="0">
      <session-expiry-warning></session-expiry-warning></session-provider>`));
    const w = p.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
    await p.login(RT_USER);
    expect(p.state!.renewable).to.equal(true);
    const firstExpiry = p.state!.expiresAt!;
    await setFault(proxy.id, '500'); // the automatic refresh fails from now on
    await waitFor(() => dialogOf(w)?.open, 8000, 'the warning');
    expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('Your session is about to expire.');
    expect(buttonLabels(w)).to.deep.equal(['Stay signed in', 'Sign out']);
    expect(q(w, 'login-form')).to.equal(null);
    await expect(w).to.be.accessible();
    const extend = sinon.spy(p.controller!, 'extend');
    await setFault(proxy.id, 'pass');
    q(w, 'button[part~=extend]')!.click();
    expect(extend.calledOnce).to.equal(true);
    await waitFor(() => !dialogOf(w).open, 5000, 'the dialog to close');
    expect(p.status).to.equal('authenticated');
    expect(p.state!.expiresAt!).to.be.greaterThan(firstExpiry);
  });

  describe('with an idle timeout (fake clock; real Bknd)', () => {
    let host: string;
    let clock: sinon.SinonFakeTimers;
    before(async () => {
      host = await newBknd();
    });
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: Date.now(), ...TIME_ONLY });
    });
    afterEach(() => clock.restore());

    /** A page with a focused button, a provider with idle-timeout 90 s and warn-before 60 s, signed in. */
    async function signedIn(attrs = html``, key = 'idle') {
      const root = await mount(html`<div><button id="work">work</button>
        <session-provider host=${host} storage-key=${key} idle-timeout="90" warn-before="60" check-interval="0">
          <session-expiry-warning>${attrs}</session-expiry-warning></session-provider></div>`);
      const p = root.querySelector<SessionProvider>('session-provider')!;
      await until(() => p.status !== 'loading', 'the provider to settle');
      await p.login(DEMO);
      const work = root.querySelector<HTMLButtonElement>('#work')!;
      work.focus();
      return { root, p, w: root.querySelector<SessionExpiryWarning>('session-expiry-warning')!, work };
    }

    /** axe waits on timers: let the fake clock creep (1 ms steps) until it is done. */
    async function accessible(el: Element) {
      let done = false;
      const check = Promise.resolve(expect(el).to.be.accessible()).finally(() => (done = true));
      while (!done) await clock.tickAsync(1);
      await check;
    }

    async function warned(w: SessionExpiryWarning, ms = 30_000) {
      await clock.tickAsync(ms);
      await until(() => dialogOf(w).open, 'the warning');
      await w.updateComplete;
    }

    it('opens 60 s before the idle sign-out with a countdown, reads it out politely at 30 s, and "Stay signed in" (Enter) extends', async () => {
      const { p, w, work } = await signedIn();
      await clock.tickAsync(29_000);
      expect(dialogOf(w).open).to.equal(false);
      await warned(w, 1000);
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('You have been inactive for a while. For your security, you will be signed out.');
      expect(q(w, '[part=countdown]')!.textContent).to.equal('1:00');
      const live = q(w, '[part=status]')!;
      expect(live.textContent).to.equal('');
      await clock.tickAsync(1000);
      await w.updateComplete;
      expect(q(w, '[part=countdown]')!.textContent).to.equal('0:59');
      expect(live.textContent).to.equal(''); // not every second
      await clock.tickAsync(29_000);
      await w.updateComplete;
      expect(q(w, '[part=countdown]')!.textContent).to.equal('0:30');
      expect(live.textContent).to.equal('Time left: 30 seconds');
      await accessible(w);

      // Focus went to "Stay signed in"; Enter presses it.
      expect(deepActiveElement()!.textContent!.trim()).to.equal('Stay signed in');
      await sendKeys({ press: 'Enter' });
      await until(() => !dialogOf(w).open, 'the dialog to close');
      expect(p.status).to.equal('authenticated');
      expect(p.state!.warning).to.equal(null);
      expect(document.activeElement).to.equal(work);
      // The idle timer really restarted: 29 s later still no warning.
      await clock.tickAsync(29_000);
      expect(p.state!.warning).to.equal(null);
    });

    it('"Sign out" (Tab, Enter) signs out and closes, without an "ended" notice', async () => {
      const { p, w } = await signedIn();
      await warned(w);
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()!.textContent!.trim()).to.equal('Sign out');
      await sendKeys({ press: 'Enter' });
      await until(() => p.status === 'unauthenticated', 'sign-out');
      await w.updateComplete;
      expect(p.state!.reason).to.equal('logout');
      expect(dialogOf(w).open).to.equal(false);
    });

    it('Escape closes it without signing out; when the session then ends by inactivity it says so', async () => {
      const { p, w } = await signedIn();
      await warned(w);
      await sendKeys({ press: 'Escape' });
      await until(() => !dialogOf(w).open, 'Escape to close it');
      expect(p.status).to.equal('authenticated');
      await clock.tickAsync(30_000); // still within the warning: it stays closed
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(false);
      await clock.tickAsync(31_000);
      await until(() => p.status === 'unauthenticated', 'the idle sign-out');
      await until(() => dialogOf(w).open, 'the ended notice');
      expect(p.state!.reason).to.equal('idle');
      expect(q(w, '#heading')!.textContent!.trim()).to.equal('Your session has ended');
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('You were signed out because you were inactive.');
      expect(q(w, 'a[part=login-link]')).to.equal(null); // no login-url on this provider
      expect(deepActiveElement()!.textContent!.trim()).to.equal('Close');
      await accessible(w);
      await sendKeys({ press: 'Escape' });
      await until(() => !dialogOf(w).open, 'Escape to close the notice');
    });

    it('stays closed when a session-expiring listener calls preventDefault, also when the session then ends', async () => {
      const { root, p, w } = await signedIn();
      root.addEventListener('session-expiring', (e) => e.preventDefault());
      await clock.tickAsync(30_000);
      await until(() => p.state!.warning !== null, 'the warning state');
      await w.updateComplete;
      await new Promise<void>((r) => queueMicrotask(r));
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(false);
      await clock.tickAsync(61_000);
      await until(() => p.status === 'unauthenticated', 'the idle sign-out');
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(false);
    });

    it('closes in every tab when one tab extends', async () => {
      // Two providers on the same storage key talk over BroadcastChannel exactly like two tabs.
      const root = await mount(html`<div>
        <session-provider id="a" host=${host} storage-key="tabs" idle-timeout="90" warn-before="60" check-interval="0"><session-expiry-warning></session-expiry-warning></session-provider>
        <session-provider id="b" host=${host} storage-key="tabs" idle-timeout="90" warn-before="60" check-interval="0"><session-expiry-warning></session-expiry-warning></session-provider>
      </div>`);
      const [a, b] = [...root.querySelectorAll<SessionProvider>('session-provider')];
      const [wa, wb] = [...root.querySelectorAll<SessionExpiryWarning>('session-expiry-warning')];
      await until(() => a.status !== 'loading' && b.status !== 'loading', 'both to settle');
      await a.login(DEMO);
      await until(() => b.status === 'authenticated', 'the other tab to sign in');
      await clock.tickAsync(30_000);
      await until(() => dialogOf(wa).open && dialogOf(wb).open, 'both warnings');
      q(wa, 'button[part~=extend]')!.click();
      await until(() => !dialogOf(wa).open && !dialogOf(wb).open, 'both to close');
      expect([a.status, b.status]).to.deep.equal(['authenticated', 'authenticated']);
    });

    it('when another tab signs out while it shows, it says so (politely) instead of vanishing', async () => {
      const root = await mount(html`<div>
        <session-provider host=${host} storage-key="remote-end" idle-timeout="90" warn-before="60" check-interval="0"><session-expiry-warning></session-expiry-warning></session-provider>
        <session-provider host=${host} storage-key="remote-end" idle-timeout="90" warn-before="60" check-interval="0"></session-provider>
      </div>`);
      const [a, b] = [...root.querySelectorAll<SessionProvider>('session-provider')];
      const w = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
      await until(() => a.status !== 'loading' && b.status !== 'loading', 'both to settle');
      await a.login(DEMO);
      await until(() => b.status === 'authenticated', 'the other tab to sign in');
      await clock.tickAsync(30_000);
      await until(() => dialogOf(w).open, 'the warning');
      await b.logout();
      await until(() => a.status === 'unauthenticated', 'the remote sign-out');
      await w.updateComplete;
      expect(dialogOf(w).open).to.equal(true);
      expect(q(w, '#heading')!.textContent!.trim()).to.equal('Your session has ended');
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('Signed out in another tab.');
      const live = q(w, '[part=status]')!;
      expect([live.getAttribute('role'), live.textContent]).to.deep.equal(['status', 'Signed out in another tab.']);
      expect(deepActiveElement()!.textContent!.trim()).to.equal('Close');
      await accessible(w);
      w.setAttribute('remote-logout-message', 'Anderswo abgemeldet.');
      await w.updateComplete;
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('Anderswo abgemeldet.');
    });

    it('takes every visible string from attributes, and slots for heading, message and actions', async () => {
      const { w } = await signedIn();
      for (const [attr, value] of Object.entries({
        heading: 'Sitzung läuft ab', 'idle-message': 'Sie waren inaktiv.', 'countdown-label': 'Verbleibend:',
        'extend-label': 'Angemeldet bleiben', 'logout-label': 'Abmelden',
      })) w.setAttribute(attr, value);
      await warned(w);
      expect(q(w, '#heading')!.textContent!.trim()).to.equal('Sitzung läuft ab');
      expect(q(w, '[part=message]')!.textContent!.trim()).to.equal('Sie waren inaktiv.');
      expect(q(w, '#message')!.textContent).to.contain('Verbleibend:');
      expect(buttonLabels(w)).to.deep.equal(['Angemeldet bleiben', 'Abmelden']);

      const heading = Object.assign(document.createElement('span'), { slot: 'heading', textContent: 'Custom heading' });
      w.append(heading);
      expect(heading.assignedSlot).to.not.equal(null);
      expect(heading.assignedSlot!.name).to.equal('heading');
      for (const name of ['message', 'actions']) expect(q(w, `slot[name=${name}]`)).to.not.equal(null);
    });
  });

  it('is accessible while closed, and renders nothing without a provider', async () => {
    const w = await mount<SessionExpiryWarning>(html`<session-expiry-warning></session-expiry-warning>`);
    expect(dialogOf(w).open).to.equal(false);
    expect(w.open).to.equal(false);
    await expect(w).to.be.accessible();
  });
});
