// Multi-tab behaviour in real Chromium: several pages of one browser context, a real Bknd server
// and a real refresh-token server, counted at the server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTabs, sleep, state, until } from './harness.mjs';
import { useServerAndBrowser } from './setup.mjs';

const DEMO = { email: 'demo@example.com', password: 'demo-password' };
const env = useServerAndBrowser();

const url = (q) => `${env.server.origin}/test/e2e/tab.html?${new URLSearchParams(q)}`;
const meCount = async (id) => (await env.server.hub(`counts?id=${id}`))[`${id} /api/auth/me`] ?? 0;

describe('tabs', () => {
  it('sign-in and sign-out reach every tab, with the reason', async () => {
    const { host } = await env.server.hub('bknd');
    const context = await env.browser.newContext();
    const tabs = await openTabs(context, url({ host, checkInterval: 0 }), 4);
    await tabs[0].evaluate((c) => window.session.login(c), DEMO);
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'authenticated'), 3000, 'sign-in everywhere');
    const logins = await Promise.all(tabs.slice(1).map((p) => p.evaluate(() => window.events.filter((e) => e.type === 'session-login').map((e) => e.detail))));
    for (const l of logins) assert.deepEqual(l.map((d) => [d.remote, d.user.email]), [[true, DEMO.email]]);
    await tabs[2].evaluate(() => window.session.logout());
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'unauthenticated'), 3000, 'sign-out everywhere');
    for (const [i, t] of tabs.entries()) {
      const outs = await t.evaluate(() => window.events.filter((e) => e.type === 'session-logout').map((e) => e.detail));
      assert.deepEqual(outs, [{ reason: 'logout', remote: i !== 2 }]);
    }
    await context.close();
  });

  it('with 4 tabs, one periodic check per cycle reaches the server', async () => {
    const { host, id } = await env.server.hub('bknd');
    const context = await env.browser.newContext();
    const tabs = await openTabs(context, url({ host, checkInterval: 2 }), 4);
    await tabs[0].evaluate((c) => window.session.login(c), DEMO);
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'authenticated'), 3000, 'sign-in', () => Promise.all(tabs.map((t) => t.evaluate(() => [window.session.state, window.events]))));
    await env.server.hub(`counts?id=${id}&reset=1`);
    const seconds = 9;
    await sleep(seconds * 1000);
    const checks = await meCount(id);
    console.log(`# 4 tabs, check-interval 2 s, ${seconds} s: ${checks} /me requests (one check per tab would be ${4 * Math.floor(seconds / 2)})`);
    assert.ok(checks >= Math.floor(seconds / 2) - 1 && checks <= Math.ceil(seconds / 2), `expected about ${seconds / 2} checks, got ${checks}`);
    await context.close();
  });

  it('with 4 tabs and rotating refresh tokens, one refresh per cycle and no tab signed out', async () => {
    const rt = await env.server.hub('rt?accessTtl=6');
    const context = await env.browser.newContext();
    const tabs = await openTabs(context, url({ host: rt.host, backend: 'refresh', checkInterval: 0, refreshBefore: 2 }), 4);
    await tabs[1].evaluate((c) => window.session.login(c), { email: 'user@example.com', password: 'password123' });
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'authenticated'), 3000, 'sign-in');
    await sleep(13_000); // the token lives 6 s and is refreshed 2 s ahead: about 3 cycles
    const stats = await (await fetch(`${env.server.origin}/__hub/rt/stats?id=${rt.id}`)).json();
    const states = await Promise.all(tabs.map(state));
    const refreshEvents = await Promise.all(tabs.map((t) => t.evaluate(() => window.events.filter((e) => e.type === 'session-refresh').length)));
    console.log(`# 4 tabs, 13 s, access token 6 s: ${stats.refresh} refresh requests, ${stats.rejectedRefresh} rejected; session-refresh events per tab: ${refreshEvents.join(', ')}`);
    assert.equal(stats.rejectedRefresh, 0);
    assert.ok(stats.refresh >= 2 && stats.refresh <= 4, `refreshes: ${stats.refresh}`);
    assert.ok(states.every((s) => s.status === 'authenticated'), 'no tab signed out');
    const expiries = new Set(states.map((s) => s.expiresAt));
    assert.equal(expiries.size, 1, 'every tab holds the same token');
    await context.close();
  });

  it('idle in one tab while active in another does not sign out', async () => {
    const { host } = await env.server.hub('bknd');
    const context = await env.browser.newContext();
    const [idle, active] = await openTabs(context, url({ host, checkInterval: 0, idleTimeout: 4, warnBefore: 2 }), 2);
    await idle.evaluate((c) => window.session.login(c), DEMO);
    await until(() => state(active).then((s) => s.status === 'authenticated'), 3000, 'sign-in');
    for (let i = 0; i < 16; i++) {
      await active.mouse.move(10 + i, 10 + i);
      await active.keyboard.press('Shift');
      await sleep(500);
    }
    assert.equal((await state(idle)).status, 'authenticated');
    assert.equal((await state(idle)).warning, null);
    // and when nobody is active, both sign out with reason idle
    await until(() => state(idle).then((s) => s.status === 'unauthenticated'), 8000, 'idle sign-out');
    assert.equal((await state(idle)).reason, 'idle');
    assert.equal((await state(active)).reason, 'idle');
    await context.close();
  });

  it('storage="session": a new tab is handed the session; a new browser session is not', async () => {
    const { host } = await env.server.hub('bknd');
    const context = await env.browser.newContext();
    const [first] = await openTabs(context, url({ host, storage: 'session', checkInterval: 0 }), 1);
    await first.evaluate((c) => window.session.login(c), DEMO);
    const [second] = await openTabs(context, url({ host, storage: 'session', checkInterval: 0 }), 1);
    assert.equal((await state(second)).status, 'authenticated');
    assert.equal((await state(second)).user.email, DEMO.email);
    assert.equal(await second.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    await second.evaluate(() => window.session.logout());
    await until(() => state(first).then((s) => s.status === 'unauthenticated'), 3000, 'sign-out reaches the first tab');
    await context.close();
    const fresh = await env.browser.newContext();
    const [third] = await openTabs(fresh, url({ host, storage: 'session', checkInterval: 0 }), 1);
    assert.equal((await state(third)).status, 'unauthenticated');
    await fresh.close();
  });

  it('without BroadcastChannel and Web Locks: storage events carry sign-in and sign-out, refreshes sign no tab out', async () => {
    const rt = await env.server.hub('rt?accessTtl=4');
    const context = await env.browser.newContext();
    await context.addInitScript(() => {
      delete window.BroadcastChannel;
      Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });
    });
    const tabs = await openTabs(context, url({ host: rt.host, backend: 'refresh', refreshBefore: 2, checkInterval: 0 }), 3);
    assert.equal(await tabs[0].evaluate(() => typeof BroadcastChannel + typeof navigator.locks), 'undefinedundefined');
    await tabs[0].evaluate((c) => window.session.login(c), { email: 'user@example.com', password: 'password123' });
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'authenticated'), 3000, 'sign-in everywhere');
    await sleep(7000); // automatic refreshes, every tab its own leader
    assert.ok((await Promise.all(tabs.map(state))).every((s) => s.status === 'authenticated'), 'nobody signed out by a refresh');
    const errors = await Promise.all(tabs.map((t) => t.evaluate(() => window.events.filter((e) => e.type === 'session-error').length)));
    assert.deepEqual(errors, [0, 0, 0]);
    await tabs[2].evaluate(() => window.session.logout());
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'unauthenticated'), 3000, 'sign-out everywhere');
    await context.close();
  });
});
