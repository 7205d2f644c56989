// The multi-tab core in every engine: Chromium, Firefox (ESR, over WebDriver BiDi) and WebKit
// (WebKitGTK's MiniBrowser, over WebDriver classic), each driving the elements on a real Bknd
// server: sign-in through the form, reload, tab sync, the expiry warning, cookie transport and idle.
// E2E_ENGINES=firefox,webkit picks engines (default: all three). Drivers: test/engines/drivers.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, launchEngine } from '../engines/drivers.mjs';
import { sleep, startServer, until } from './harness.mjs';

const DEMO = { email: 'demo@example.com', password: 'demo-password' };
const engines = (process.env.E2E_ENGINES || ENGINES.join(',')).split(',').map((e) => e.trim());

let server;
before(async () => (server = await startServer()));
after(() => server?.stop());

for (const engine of engines) {
  describe(engine, () => {
    let browser;
    before(async () => (browser = await launchEngine(engine)));
    after(() => browser?.close());

    const page = (q) => `${server.origin}/test/engines/page.html?${new URLSearchParams({ 'check-interval': 0, ...q })}`;
    const seen = (tab) =>
      tab.eval(() => ({
        status: window.provider.status,
        view: document.querySelector('session-guard').view,
        statuses: window.statuses,
        errors: window.errors,
        events: window.events,
      }));
    const waitStatus = (tab, status, timeout = 5000) => until(async () => (await seen(tab)).status === status, timeout, `status ${status}`, () => seen(tab));
    /** Types into the form as a person does: focus the email field, type, Tab, type, Enter. */
    async function signIn(tab) {
      await until(() => tab.eval(() => !!document.querySelector('login-form input[name=email]')), 5000, 'the form');
      await tab.eval(() => document.querySelector('login-form input[name=email]').focus());
      await tab.type(DEMO.email);
      await tab.press('Tab');
      assert.equal(await tab.eval(() => document.activeElement?.getAttribute('name')), 'password', 'Tab goes to the password');
      await tab.type(DEMO.password);
      await tab.press('Enter');
      await waitStatus(tab, 'authenticated');
    }
    const noErrors = async (...tabs) => {
      for (const t of tabs) assert.deepEqual((await seen(t)).errors, []);
    };

    it('sign-in through the form, then a reload shows the protected content with no flash of the fallback', async () => {
      const { host } = await server.hub('bknd');
      const context = await browser.newContext();
      const tab = await context.newTab(page({ host }));
      await waitStatus(tab, 'unauthenticated');
      await signIn(tab);
      assert.equal((await seen(tab)).view, 'authorized');
      assert.equal(await tab.eval(() => document.getElementById('secret')?.checkVisibility()), true);
      await tab.goto(page({ host }));
      await waitStatus(tab, 'authenticated');
      const after = await seen(tab);
      assert.ok(!after.statuses.includes('unauthenticated'), `statuses after reload: ${after.statuses}`);
      assert.equal(after.view, 'authorized');
      await noErrors(tab);
      await context.close();
    });

    it('two tabs: sign-in and sign-out reach the other tab, with remote and the reason', async () => {
      const { host } = await server.hub('bknd');
      const context = await browser.newContext();
      const a = await context.newTab(page({ host }));
      const b = await context.newTab(page({ host }));
      await waitStatus(b, 'unauthenticated');
      await signIn(a);
      await waitStatus(b, 'authenticated');
      assert.deepEqual((await seen(b)).events.filter((e) => e.type === 'session-login').map((e) => [e.detail.remote, e.detail.user.email]), [[true, DEMO.email]]);
      await b.eval(() => window.provider.logout());
      await waitStatus(a, 'unauthenticated');
      assert.deepEqual((await seen(a)).events.filter((e) => e.type === 'session-logout').map((e) => e.detail), [{ reason: 'logout', remote: true }]);
      assert.equal((await seen(a)).view, 'fallback');
      await noErrors(a, b);
      await context.close();
    });

    it('the expiry warning opens as a modal with focus off "Sign out", and Escape closes it without signing out', async () => {
      // warn-before is capped at a third of the token's life: a 12 s token warns 4 s before its end.
      const { host } = await server.hub('bknd?expires=12');
      const context = await browser.newContext();
      const tab = await context.newTab(page({ host, 'warn-before': 4 }));
      await waitStatus(tab, 'unauthenticated');
      await signIn(tab);
      const dialog = () =>
        tab.eval(() => {
          const w = document.querySelector('session-expiry-warning');
          const d = w.shadowRoot.querySelector('dialog');
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return { open: d.open, modal: d.matches(':modal'), focused: el?.getAttribute('part') ?? el?.tagName ?? null, inside: w.contains(el) || w.shadowRoot.contains(el) };
        });
      await until(async () => (await dialog()).open, 12_000, 'the warning');
      const shown = await dialog();
      assert.equal(shown.modal, true);
      assert.ok(shown.focused && !/logout/.test(shown.focused), `focus on ${shown.focused}`);
      await tab.press('Escape');
      await until(async () => !(await dialog()).open, 3000, 'Escape to close it');
      assert.equal((await seen(tab)).status, 'authenticated');
      await noErrors(tab);
      await context.close();
    });

    it('cookie transport: the httpOnly cookie carries the session across a reload, and no token is readable', async () => {
      const { host } = await server.hub('bknd');
      const context = await browser.newContext();
      const tab = await context.newTab(page({ host, transport: 'cookie' }));
      await waitStatus(tab, 'unauthenticated');
      await signIn(tab);
      await tab.goto(page({ host, transport: 'cookie' }));
      await waitStatus(tab, 'authenticated');
      const stored = await tab.eval(() => ({ cookie: document.cookie, storage: JSON.stringify({ ...localStorage }) }));
      assert.doesNotMatch(stored.cookie, /eyJ/, 'no JWT in document.cookie');
      assert.doesNotMatch(stored.storage, /eyJ/, 'no JWT in localStorage');
      await tab.eval(() => window.provider.logout());
      await waitStatus(tab, 'unauthenticated');
      await tab.goto(page({ host, transport: 'cookie' }));
      await waitStatus(tab, 'unauthenticated');
      await noErrors(tab);
      await context.close();
    });

    it('idle: typing in one tab keeps both signed in; then both sign out with reason idle', async () => {
      const { host } = await server.hub('bknd');
      const context = await browser.newContext();
      const q = { host, 'idle-timeout': 4, 'warn-before': 2 };
      const idle = await context.newTab(page(q));
      const active = await context.newTab(page(q));
      await waitStatus(active, 'unauthenticated');
      await signIn(idle);
      await waitStatus(active, 'authenticated');
      await active.eval(() => document.body.focus());
      for (let i = 0; i < 12; i++) {
        await active.press('Shift');
        await sleep(500);
      }
      assert.equal((await seen(idle)).status, 'authenticated', 'activity in the other tab counts');
      await waitStatus(idle, 'unauthenticated', 10_000);
      await waitStatus(active, 'unauthenticated', 5000);
      for (const t of [idle, active]) assert.equal(await t.eval(() => window.provider.state.reason), 'idle');
      await noErrors(idle, active);
      await context.close();
    });
  });
}
