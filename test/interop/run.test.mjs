// Drives each built interop app in headless Chromium against a real Bknd server: sign in through
// <login-form>, check the framework's own state followed the session events and that a property
// from framework state reached the element, sign out. Each app runs twice: with the elements
// defined before the framework renders, and defined late (after mount, as with an async CDN script);
// the React app uses session-elements/react, which defines them on import, so it runs only the first.
// The React and Vue apps also drive their adapter: useSession() state, its controller, the
// events, and `mode` as an attribute (register a new account through the register form). The React
// app also runs Bknd's own React client beside the components, on a Bknd of another site.
// Needs the apps built first: `node test/interop/run.mjs` does everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createHub } from '../../scripts/servers.mjs';
import { chromiumOptions } from '../dev-server.mjs';
import { serveApp } from './server.mjs';
import { DEMO, startBknd } from '../../scripts/origins.mjs';

const here = new URL('.', import.meta.url).pathname;
const TAGS = ['session-provider', 'session-guard', 'session-expiry-warning', 'login-form', 'session-user', 'logout-button'];
const CDN = 'https://cdn.example.com/npm/session-elements@';
const cdnPackage = join(here, 'html/node_modules/session-elements');

const APPS = [
  { name: 'vue', root: 'vue/dist', eager: '/', late: '/?late', adapter: true },
  { name: 'svelte', root: 'svelte/dist', eager: '/', late: '/?late' },
  { name: 'angular', root: 'angular/dist/browser', eager: '/', late: '/?late' },
  { name: 'react', root: 'react/dist', eager: '/', adapter: true },
  {
    name: 'html',
    root: 'html',
    eager: '/index.html',
    late: '/late.html',
    // The CDN recipe must hold under a strict CSP that allows only this origin and the CDN.
    headers: { 'content-security-policy': "default-src 'self'; script-src 'self' https://cdn.example.com; style-src 'self' https://cdn.example.com" },
  },
].filter((app) => !process.env.INTEROP_APPS || process.env.INTEROP_APPS.split(',').includes(app.name));

let hub, browser;
before(async () => {
  [hub, browser] = await Promise.all([createHub(), chromium.launch(chromiumOptions)]);
});
after(() => browser?.close());

for (const app of APPS) {
  for (const mode of ['eager', 'late'].filter((m) => app[m])) {
    test(`${app.name}: elements defined ${mode === 'eager' ? 'before render' : 'after mount'}`, { timeout: 60_000 }, async () => {
      const server = await serveApp(join(here, app.root), hub, { headers: app.headers });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const errors = watchErrors(page);
        const cdnRequests = await serveCdn(context);
        await signInAndOut(page, server.url + app[mode], mode === 'late');
        if (app.adapter) await driveAdapter(page);
        if (app.name === 'html') assert.ok(cdnRequests.length > 0, 'the page loaded the library from the CDN URL');
        assert.deepEqual(errors, [], 'no uncaught errors or console errors');
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
}

// Failure paths of useSession(): each is a typed `config` error the framework's error handling
// receives (React: an error boundary; Vue: app.config.errorHandler), not a session that never comes.
const ORPHANS = {
  react: ['SessionError config: useSession() found no session provider', 'SessionError config: useSession() has no element to ask from'],
  vue: ['SessionError config: useSession() has no element to ask from'],
};
for (const app of APPS.filter((a) => ORPHANS[a.name])) {
  test(`${app.name}: useSession() with no element to ask from is a config error`, { timeout: 60_000 }, async () => {
    const server = await serveApp(join(here, app.root), hub);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/?orphan`);
      await page.waitForFunction(() => window.__interop?.mounted);
      await page.waitForFunction((n) => window.__interop.caught.length >= n, ORPHANS[app.name].length, { timeout: 10_000 });
      // Unique: React's StrictMode (development build) runs each effect twice.
      // What went wrong: the hint up to its fix (`<what>: <how to fix it>`).
      const what = (s) => s.split(': ').slice(0, 2).join(': ');
      assert.deepEqual(await page.evaluate(() => [...new Set(window.__interop.caught)]).then((c) => c.map(what)), ORPHANS[app.name]);
      if (app.name === 'vue') {
        assert.equal(what(await page.evaluate(() => window.__interop.outside())), 'SessionError config: useSession() was called outside a component');
      }
    } finally {
      await context.close();
      await server.close();
    }
  });
}

// Bknd's own React client (`ClientProvider`, `useAuth`, `useEntityQuery` from bknd/client) beside
// the adapter's components, wired by `bknd({ host, api: useApi() })`. Bknd runs on another site
// (page from localhost, Bknd from 127.0.0.1) with its default config (no jwt.expires): its cookie
// never comes back from this page, so `posts` (readable by signed-in users only) is read only
// with a token Bknd's Api really holds.
for (const app of APPS.filter((a) => a.name === 'react')) {
  test("react: Bknd's ClientProvider, useAuth and useEntityQuery follow the elements, and the elements follow them", { timeout: 60_000 }, async () => {
    const server = await serveApp(join(here, app.root), hub);
    const pageOrigin = server.url.replace('127.0.0.1', 'localhost');
    const bkndServer = await startBknd({ corsOrigin: pageOrigin, expires: null });
    const host = bkndServer.origin('127.0.0.1');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${pageOrigin}/?bknd=${encodeURIComponent(host)}`);
      await page.waitForFunction(() => window.__interop?.mounted);
      await page.locator('session-provider[status="unauthenticated"]').waitFor();
      await expectText(page, '#bk-user', 'signed out');
      // What Bknd's Api itself gets for `posts` (readable by signed-in users only).
      const apiPosts = () => page.evaluate(async () => (await window.__interop.api.data.readMany('posts')).status);
      assert.equal(await apiPosts(), 403);

      // The elements sign in: Bknd's hooks see the user and read protected data, without a reload.
      await page.getByLabel('Email').fill(DEMO.email);
      await page.getByLabel('Password').fill(DEMO.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expectText(page, '#fw-hook', DEMO.email);
      await expectText(page, '#bk-user', DEMO.email);
      await expectText(page, '#bk-posts', 'hello from bknd');
      assert.equal(await apiPosts(), 200);
      const cookieMe = await page.evaluate(async (h) => (await fetch(`${h}/api/auth/me`, { credentials: 'include' })).status, host);
      assert.equal(cookieMe, 403, "Bknd's cookie does not reach Bknd from this page");

      // Bknd's own logout signs the elements out.
      await page.locator('#bk-logout').click();
      await page.locator('session-provider[status="unauthenticated"]').waitFor({ timeout: 10_000 });
      await expectText(page, '#fw-hook', 'signed out');
      await expectText(page, '#bk-posts', 'none');
      assert.equal(await apiPosts(), 403);
      await page.getByLabel('Email').waitFor({ state: 'visible' });

      // Bknd's own login signs the elements in; the elements' sign-out signs Bknd's client out.
      await page.locator('#bk-login').click();
      await expectText(page, '#fw-hook', DEMO.email);
      await page.locator('#protected').waitFor({ state: 'visible' });
      await expectText(page, '#bk-posts', 'hello from bknd');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expectText(page, '#bk-user', 'signed out');
      await expectText(page, '#fw-hook', 'signed out');
      assert.equal(await apiPosts(), 403);
      assert.deepEqual(errors, [], 'no uncaught errors or console errors');
    } finally {
      await context.close();
      await server.close();
      await bkndServer.stop();
    }
  });
}

async function signInAndOut(page, url, late) {
  await page.goto(url);
  await page.waitForFunction(() => window.__interop?.mounted);
  if (late) {
    assert.equal(await page.evaluate(() => customElements.get('session-provider')), undefined, 'not yet defined when the app mounted');
    // The app loaded session-elements/style.css: an undefined guard shows none of its content.
    assert.equal(await page.locator('#protected').isVisible(), false, 'protected content hidden before the elements are defined');
    await page.evaluate(() => window.__interop.loadElements());
  }
  await page.waitForFunction((tags) => tags.every((t) => customElements.get(t)), TAGS, { timeout: 10_000 });

  // Properties, not attributes: the object is the very same one the framework holds.
  const bound = await page.evaluate(() => ({
    hasBackend: 'getBackend' in window.__interop,
    sameBackend: document.querySelector('session-provider').backend === window.__interop.getBackend?.(),
    emailLabel: window.__interop.getEmailLabel(),
    elementEmailLabel: document.querySelector('login-form').emailLabel,
  }));
  if (bound.hasBackend) assert.ok(bound.sameBackend, 'the backend object reached <session-provider> as a property');
  assert.equal(bound.elementEmailLabel, bound.emailLabel, 'the label reached the emailLabel property of <login-form>');
  const { emailLabel } = bound;

  await page.locator('session-provider[status="unauthenticated"]').waitFor();
  await page.getByLabel(emailLabel).fill('demo@example.com');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expectText(page, '#fw-user', 'demo@example.com'); // framework state, from session-change
  await expectText(page, '#fw-login', 'demo@example.com'); // framework state, from login-success
  if (await page.locator('#fw-hook').count()) await expectText(page, '#fw-hook', 'demo@example.com'); // useSession()
  await page.locator('#protected').waitFor({ state: 'visible' });
  await page.locator('#protected session-user', { hasText: 'demo@example.com' }).waitFor(); // text in its shadow root

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectText(page, '#fw-user', 'signed out');
  if (await page.locator('#fw-hook').count()) await expectText(page, '#fw-hook', 'signed out');
  await page.getByLabel(emailLabel).waitFor({ state: 'visible' });
  assert.equal(await page.locator('#protected').isVisible(), false, 'protected content hidden after sign-out');
}

/**
 * After signInAndOut: the adapter's events were heard, useSession() from a ref'd element follows
 * too, `mode` set from the framework is an attribute the app's CSS matches, a new account
 * registered through that form shows in useSession() state, and the hook's controller signs out.
 */
async function driveAdapter(page) {
  const heard = () => page.evaluate(() => [...window.__interop.heard]);
  assert.deepEqual(await heard(), ['session-login demo@example.com', 'login-success demo@example.com', 'session-logout logout'], 'events, in order');
  await expectText(page, '#fw-status', 'unauthenticated');

  const form = page.locator('login-form');
  const appRule = () => form.evaluate((el) => getComputedStyle(el).getPropertyValue('--app-form-mode').trim());
  assert.equal(await page.locator('login-form[mode=register]').count(), 0);
  await page.locator('#fw-mode').click();
  await page.locator('login-form[mode=register]').waitFor({ timeout: 10_000 });
  assert.equal(await appRule(), 'register', "the app's login-form[mode=register] rule applies");
  assert.equal(await form.evaluate((el) => el.mode), 'register', 'the property agrees');

  const email = `new-${Math.random().toString(36).slice(2)}@example.com`;
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('new-password-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectText(page, '#fw-hook', email); // a real account, made by Bknd
  await expectText(page, '#fw-status', 'authenticated');
  await expectText(page, '#fw-user', email);

  await page.locator('#fw-leave').click(); // useSession().controller.logout()
  await expectText(page, '#fw-hook', 'signed out');
  await expectText(page, '#fw-status', 'unauthenticated');
  assert.deepEqual((await heard()).slice(3), [`session-login ${email}`, `login-success ${email}`, 'session-logout logout']);

  await page.locator('#fw-mode').click();
  await page.locator('login-form[mode=login]').waitFor({ timeout: 10_000 });
  assert.equal(await appRule(), '', 'the rule stops matching with the attribute');
}

/** Waits until the element's text is `text`; on timeout, says what it was instead. */
async function expectText(page, selector, text) {
  try {
    await page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent.trim() === t, [selector, text], { timeout: 10_000 });
  } catch {
    const actual = await page.evaluate((s) => document.querySelector(s)?.textContent.trim(), selector);
    assert.fail(`${selector}: expected "${text}", got "${actual}"`);
  }
}

/** Serves the packed package's files at a CDN-looking origin, with the CORS header a CDN sends. */
async function serveCdn(context) {
  const requests = [];
  await context.route(`${CDN}*/**`, (route) => {
    const url = route.request().url();
    requests.push(url);
    const file = new URL(url).pathname.replace(/^\/npm\/session-elements@[^/]+\//, '');
    return route.fulfill({
      path: join(cdnPackage, file),
      headers: { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' },
    });
  });
  return requests;
}

/** Uncaught errors and console errors. HTTP error statuses (e.g. /me answering 403) are expected. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return errors;
}
