// `bknd({ host, api })`: Bknd's own client (`Api` from `bknd/client`, bundled for the page) and the
// elements in step both ways, at once. The Api is built as Bknd's React `ClientProvider` builds it
// (in memory, with `onAuthStateChange`) or with `storage: localStorage`. Page from localhost, Bknd
// from 127.0.0.1 (another site: Bknd's cookie never reaches it, so only a token the Api holds
// signs its requests in), the CDN build from a third origin, Bknd with its default config (no
// `jwt.expires`: tokens without `exp`). Follow times are printed (`api-sync` lines), not asserted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BKND_PACKAGE } from '../../scripts/servers.mjs';
import { DEMO, buildCdn, bundleBkndApi, pageHtml, startBknd, startCdn, startPages } from '../../scripts/origins.mjs';
import { launch, settled, state, statusIs, submitForm, until } from './helpers.mjs';

const env = {};
const times = [];

/**
 * The README's quick-start markup in a template; the page builds Bknd's `Api`, gives the provider
 * `bknd({ host, api })` before it connects, and records what the Api and storage held whenever a
 * session event reached the document (`window.seen`) and every call of the app's own
 * `onAuthStateChange` (`window.appStates`).
 */
const apiPage = (cdn, host, storage, attrs = {}) => `<!doctype html>
<meta charset="utf-8" />
<script type="module" src="/record.js"></script>
<template>${pageHtml({ cdn, attrs: { 'check-interval': '0', ...attrs } }).split('</script>').at(-1)}</template>
<script type="module">
  import { bknd } from '${cdn}/session-elements.js';
  import { Api } from '/bknd-api.js';
  window.appStates = [];
  window.seen = [];
  const api = (window.api = new Api({ host: '${host}', ${storage ? 'storage: localStorage, ' : ''}onAuthStateChange: (s) => window.appStates.push(s.token ?? null) }));
  for (const type of ['session-change', 'session-login', 'session-logout'])
    document.addEventListener(type, (e) => window.seen.push({ type, status: type === 'session-change' ? e.detail.status : undefined, api: api.token ?? null, stored: localStorage.getItem('auth') }), true);
  const markup = document.importNode(document.querySelector('template').content, true);
  markup.querySelector('session-provider').backend = bknd({ host: '${host}', api });
  document.body.append(markup);
</script>
`;

before(async () => {
  env.cdnBuild = await buildCdn();
  env.cdn = await startCdn(env.cdnBuild.dir);
  const apiJs = await bundleBkndApi();
  const cdn = env.cdn.origin('127.0.0.1');
  const html = (body) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  env.pages = await startPages({
    cdn,
    routes: {
      '/bknd-api.js': () => new Response(apiJs, { headers: { 'content-type': 'text/javascript' } }),
      '/memory.html': () => html(apiPage(cdn, env.host, false)),
      '/storage.html': () => html(apiPage(cdn, env.host, true)),
      '/cookie.html': () => html(apiPage(cdn, env.sameSiteHost, false, { transport: 'cookie' })),
    },
  });
  env.pageOrigin = env.pages.origin('localhost');
  env.bknd = await startBknd({ corsOrigin: env.pageOrigin, expires: null });
  env.host = env.bknd.origin('127.0.0.1');
  // Same site as the page (cookies ignore ports), for transport="cookie": the Api's data requests
  // (credentials "same-origin") still carry no cookie, so they need the token.
  env.cookieBknd = await startBknd({ corsOrigin: env.pageOrigin, expires: null });
  env.sameSiteHost = env.cookieBknd.origin('localhost');
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  await env.bknd?.stop();
  await env.cookieBknd?.stop();
  await env.pages?.stop();
  await env.cdn?.stop();
  await env.cdnBuild?.remove();
  console.log(`api-sync | Bknd package ${BKND_PACKAGE} | change | ms from the Api call resolving to the elements' state (bound: 1000) |`);
  for (const [what, ms] of times) console.log(`api-sync | ${what} | ${ms} |`);
});

async function openPage(context, kind) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  await page.goto(`${env.pageOrigin}/${kind}.html`);
  await settled(page);
  return page;
}

/** What the page's Api holds and can read: its token, `/me` and the `posts` the guard protects. */
const apiView = (page) =>
  page.evaluate(async () => {
    const me = await window.api.auth.me();
    const posts = await window.api.data.readMany('posts');
    return { token: window.api.token ?? null, me: me.status, posts: posts.status };
  });
const seen = (page) => page.evaluate(() => window.seen);
const stored = (page) => page.evaluate(() => localStorage.getItem('auth'));
/** Bknd's cookie would hide a missing token: it must not reach Bknd from this page. */
const cookieMe = (page) => page.evaluate(async (host) => (await fetch(`${host}/api/auth/me`, { credentials: 'include' })).status, env.host);

/** Runs an Api call in `page`; waits (at most a second) until `pages` all show `status`; records the time. */
async function apiCall(page, call, status, pages, what) {
  const done = await page.evaluate(async ({ call, creds }) => {
    const res = call === 'login' ? await window.api.auth.login('password', creds) : await window.api.auth.logout();
    if (call === 'login' && !res.ok) throw new Error(`Api login answered ${res.status}`);
    return Date.now();
  }, { call, creds: DEMO });
  for (const [i, p] of pages.entries()) {
    await until(async () => (await state(p))?.status === status, 1000, `${what}: tab ${i} ${status} within a second`, () => state(p));
    times.push([`${what}, tab ${i}`, (await p.evaluate(() => Date.now())) - done]);
  }
}

for (const kind of ['memory', 'storage']) {
  describe(`Bknd's Api built ${kind === 'memory' ? 'in memory with onAuthStateChange (as ClientProvider does)' : 'with storage: localStorage'}`, () => {
    it("the elements' sign-in and sign-out set the Api's token before any event; storage is written first too", async () => {
      const context = await env.browser.newContext();
      const page = await openPage(context, kind);
      assert.deepEqual(await apiView(page), { token: null, me: 403, posts: 403 });
      await submitForm(page, DEMO);
      await statusIs(page, 'authenticated');
      const token = await stored(page);
      assert.ok(token, 'a token is stored');
      assert.equal(JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).exp, undefined, "Bknd's default config: no exp");
      assert.equal((await state(page)).expiresAt, null);
      // Every event the document heard came after the Api and storage held the token.
      const signIn = (await seen(page)).filter((e) => e.type === 'session-login' || e.status === 'authenticated');
      assert.ok(signIn.length >= 2, 'session-change and session-login were seen');
      for (const e of signIn) assert.deepEqual({ api: e.api, stored: e.stored }, { api: token, stored: token }, `${e.type} ${e.status ?? ''}`);
      assert.deepEqual(await apiView(page), { token, me: 200, posts: 200 });
      assert.equal(await cookieMe(page), 403, "Bknd's cookie does not reach Bknd from this page");
      assert.ok((await page.evaluate(() => window.appStates)).includes(token), "the app's own onAuthStateChange heard the sign-in");

      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await statusIs(page, 'unauthenticated');
      const signOut = (await seen(page)).filter((e) => e.type === 'session-logout' || e.status === 'unauthenticated').slice(-2);
      for (const e of signOut) assert.deepEqual({ api: e.api, stored: e.stored }, { api: null, stored: null }, `${e.type} ${e.status ?? ''}`);
      assert.deepEqual(await apiView(page), { token: null, me: 403, posts: 403 });
      assert.equal((await page.evaluate(() => window.appStates)).at(-1), null, "the app's own onAuthStateChange heard the sign-out");
      await context.close();
    });

    it("a reload restores the session into the page's new Api", async () => {
      const context = await env.browser.newContext();
      const page = await openPage(context, kind);
      await submitForm(page, DEMO);
      await statusIs(page, 'authenticated');
      const token = await stored(page);
      await page.reload();
      await settled(page);
      assert.equal((await state(page)).status, 'authenticated');
      assert.deepEqual(await apiView(page), { token, me: 200, posts: 200 });
      await context.close();
    });

    it("the Api's own login and logout reach the elements in this tab and another within a second", async () => {
      const context = await env.browser.newContext();
      const page = await openPage(context, kind);
      const other = await openPage(context, kind);
      await apiCall(page, 'login', 'authenticated', [page, other], `${kind} Api, login`);
      const token = await stored(page);
      assert.equal(await page.evaluate(() => window.api.token), token);
      for (const p of [page, other]) {
        assert.equal((await state(p)).user?.email, DEMO.email);
        assert.equal(await p.locator('#protected').isVisible(), true);
      }
      // The other tab's Api follows its elements: it reads protected data with the new token.
      assert.deepEqual(await apiView(other), { token, me: 200, posts: 200 });
      const logins = await page.evaluate(() => window.events.filter((e) => e.type === 'session-login').map((e) => e.detail.remote));
      assert.deepEqual(logins, [false], 'one sign-in, heard once');

      await apiCall(other, 'logout', 'unauthenticated', [other, page], `${kind} Api, logout`);
      for (const p of [page, other]) {
        assert.equal((await state(p)).reason, 'logout');
        assert.deepEqual(await apiView(p), { token: null, me: 403, posts: 403 });
      }
      assert.equal(await stored(page), null);
      await context.close();
    });
  });
}

describe('transport="cookie" (Bknd on the same site): the library keeps no token, the Api gets the one just issued', () => {
  it("a sign-in through the elements gives this tab's Api the issued token before any event; a sign-out takes it away", async () => {
    const context = await env.browser.newContext();
    const page = await openPage(context, 'cookie');
    await submitForm(page, DEMO);
    await statusIs(page, 'authenticated');
    const token = await page.evaluate(() => window.api.token ?? null);
    assert.match(token ?? '', /^eyJ/, 'the Api holds the issued token');
    assert.equal(await stored(page), null, 'no token in JS-readable storage');
    const signIn = (await seen(page)).filter((e) => e.type === 'session-login' || e.status === 'authenticated');
    for (const e of signIn) assert.equal(e.api, token, `${e.type} ${e.status ?? ''}`);
    const posts = await page.evaluate(async () => (await window.api.data.readMany('posts')).status);
    assert.equal(posts, 200, 'the Api reads protected data with the token (its data requests carry no cookie)');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await statusIs(page, 'unauthenticated');
    assert.equal(await page.evaluate(() => window.api.token ?? null), null);
    assert.equal(await page.evaluate(async () => (await window.api.data.readMany('posts')).status), 403);
    await context.close();
  });
});
