// Bknd's own client (`Api` from `bknd/client`, bundled for the page with esbuild) and the elements
// share one token under the storage key `auth`. Signing in or out with the Api, in the same tab
// or another, reaches the elements without any focus event (window focus and visibilitychange are
// swallowed before the page's own listeners see them); the elements' sign-in is seen by a new Api.
// Page from localhost, Bknd from 127.0.0.1, the CDN build from a third origin. The time from the
// Api's change to the elements following is measured and printed (`follow` lines), not asserted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, buildCdn, bundleBkndApi, startBknd, startCdn, startPages } from '../../scripts/origins.mjs';
import { events, launch, open, sleep, state, statusIs, submitForm, until } from './helpers.mjs';

const env = {};
const follow = { 'same tab, Api sign-in': [], 'same tab, Api sign-out': [], 'other tab, Api sign-in': [], 'other tab, Api sign-out': [] };
const SAMPLES = 5;

before(async () => {
  env.cdnBuild = await buildCdn();
  env.cdn = await startCdn(env.cdnBuild.dir);
  const apiJs = await bundleBkndApi();
  const js = (body) => () => new Response(body, { headers: { 'content-type': 'text/javascript' } });
  env.pages = await startPages({
    cdn: env.cdn.origin('127.0.0.1'),
    head: '<script type="module" src="/api-setup.js"></script>',
    routes: { '/bknd-api.js': js(apiJs), '/api-setup.js': js("import { Api } from './bknd-api.js'; window.Api = Api;") },
  });
  env.pageOrigin = env.pages.origin('localhost');
  env.bknd = await startBknd({ corsOrigin: env.pageOrigin });
  env.host = env.bknd.origin('127.0.0.1');
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  await env.bknd?.stop();
  await env.pages?.stop();
  await env.cdn?.stop();
  await env.cdnBuild?.remove();
  // node:test prints console output as TAP comments; grep "follow |" for the figures.
  console.log('follow | change | samples (ms, from the Api call resolving to the event) | median | max |');
  for (const [k, v] of Object.entries(follow)) {
    const sorted = [...v].sort((a, b) => a - b);
    if (v.length) console.log(`follow | ${k} | ${v.join(', ')} | ${sorted[Math.floor(v.length / 2)]} | ${sorted.at(-1)} |`);
  }
});

/**
 * A context whose pages never see window focus/blur or visibilitychange once `__noFocus` is set:
 * whatever follows the Api's change cannot have been woken by them. Swallowed events are counted.
 */
async function noFocusContext() {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.__swallowed = [];
    const swallow = (e) => {
      if (!window.__noFocus || (e.target !== window && e.target !== document)) return;
      window.__swallowed.push(e.type);
      e.stopImmediatePropagation();
    };
    for (const t of ['focus', 'blur', 'pageshow']) window.addEventListener(t, swallow, true);
    document.addEventListener('visibilitychange', swallow, true);
  });
  return context;
}

const pageUrl = () => `${env.pageOrigin}/page.html?${new URLSearchParams({ host: env.host, 'check-interval': '0' })}`;

/** Runs `action` (an Api call) in `actor` and returns the wall-clock time it resolved at. */
const apiCall = (actor, action) =>
  actor.evaluate(
    async ({ action, host, creds }) => {
      window.__noFocus = true;
      const api = new window.Api({ host, storage: localStorage });
      const res = action === 'login' ? await api.auth.login('password', creds) : await api.auth.logout();
      if (action === 'login' && !res.ok) throw new Error(`Api login answered ${res.status}`);
      return Date.now();
    },
    { action, host: env.host, creds: DEMO },
  );

/** Waits for the `n`th event of `type` in `page` and returns its time. */
const eventAt = async (page, type, n) => (await until(async () => (await events(page, type))[n - 1], 5000, `${type} #${n}`, () => Promise.all([state(page), events(page)]))).at;

const meCount = () => env.bknd.count('GET /api/auth/me');

describe("Bknd's Api on the same storage key", () => {
  it('an Api sign-in and sign-out in the same tab reach the elements without focus', async () => {
    const context = await noFocusContext();
    const tab = await open(context, pageUrl());
    assert.equal((await state(tab)).status, 'unauthenticated');
    const me0 = meCount();
    for (let i = 1; i <= SAMPLES; i++) {
      const signedIn = await apiCall(tab, 'login');
      const loginAt = await eventAt(tab, 'session-login', i);
      follow['same tab, Api sign-in'].push(loginAt - signedIn);
      const s = await state(tab);
      assert.equal(s.status, 'authenticated');
      assert.equal(s.user.email, DEMO.email);
      assert.equal(await tab.locator('#protected').isVisible(), true);
      const signedOut = await apiCall(tab, 'logout');
      const logoutAt = await eventAt(tab, 'session-logout', i);
      follow['same tab, Api sign-out'].push(logoutAt - signedOut);
      assert.equal((await state(tab)).status, 'unauthenticated');
    }
    assert.equal((await events(tab, 'session-login')).length, SAMPLES, 'each sign-in handled once');
    assert.equal((await events(tab, 'session-logout')).length, SAMPLES, 'each sign-out handled once');
    assert.deepEqual(await tab.evaluate(() => window.__swallowed), [], 'no focus or visibility event happened at all');
    const me = meCount() - me0;
    console.log(`same tab: ${me} /me requests for ${SAMPLES} Api sign-ins`);
    assert.ok(me <= SAMPLES, `at most one server check per adopted token, got ${me}`);
    await context.close();
  });

  it('an Api sign-in and sign-out in another tab reach the elements in both tabs without focus', async () => {
    const context = await noFocusContext();
    const watcher = await open(context, pageUrl());
    const actor = await open(context, pageUrl());
    await watcher.evaluate(() => (window.__noFocus = true));
    const me0 = meCount();
    for (let i = 1; i <= SAMPLES; i++) {
      const signedIn = await apiCall(actor, 'login');
      follow['other tab, Api sign-in'].push((await eventAt(watcher, 'session-login', i)) - signedIn);
      follow['same tab, Api sign-in'].push((await eventAt(actor, 'session-login', i)) - signedIn);
      assert.equal((await state(watcher)).user?.email, DEMO.email);
      const signedOut = await apiCall(actor, 'logout');
      follow['other tab, Api sign-out'].push((await eventAt(watcher, 'session-logout', i)) - signedOut);
      follow['same tab, Api sign-out'].push((await eventAt(actor, 'session-logout', i)) - signedOut);
      await statusIs(watcher, 'unauthenticated');
    }
    // Both tabs see the storage change (one by the storage event, one by its own check) and each
    // other's BroadcastChannel news: still one event per change in each tab.
    for (const t of [watcher, actor]) {
      assert.equal((await events(t, 'session-login')).length, SAMPLES);
      assert.equal((await events(t, 'session-logout')).length, SAMPLES);
      assert.deepEqual(await t.evaluate(() => window.__swallowed), []);
    }
    const me = meCount() - me0;
    console.log(`two tabs: ${me} /me requests for ${SAMPLES} Api sign-ins`);
    assert.ok(me <= 2 * SAMPLES, `at most one server check per tab and token, got ${me}`);
    const quiet = meCount();
    await sleep(2000);
    assert.equal(meCount() - quiet, 0, 'no /me requests while nothing changes');
    await context.close();
  });

  it('the reverse: after the elements sign in, a new Api sees the user and reads data; after they sign out it does not', async () => {
    const context = await env.browser.newContext();
    const tab = await open(context, pageUrl());
    await submitForm(tab, DEMO);
    await statusIs(tab, 'authenticated');
    const other = await context.newPage();
    await other.goto(pageUrl());
    const seen = (page) =>
      page.evaluate(async (host) => {
        await window.customElements.whenDefined('session-provider');
        const api = new window.Api({ host, storage: localStorage });
        const me = await api.auth.me();
        const posts = await api.data.readMany('posts');
        return { me: me.status, user: me.body?.user?.email ?? null, posts: posts.status, titles: posts.ok ? posts.map((p) => p.title) : null };
      }, env.host);
    for (const page of [tab, other]) assert.deepEqual(await seen(page), { me: 200, user: DEMO.email, posts: 200, titles: ['hello from bknd'] });
    await tab.getByRole('button', { name: 'Sign out', exact: true }).click();
    await statusIs(tab, 'unauthenticated');
    assert.deepEqual(await seen(other), { me: 403, user: null, posts: 403, titles: null });
    await context.close();
  });
});
