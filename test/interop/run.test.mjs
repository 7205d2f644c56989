// Drives each built interop app in headless Chromium against a real Bknd server: sign in through
// <login-form>, check the framework's own state followed the session events and that a property
// from framework state reached the element, sign out. Each app runs twice: with the elements
// defined before the framework renders, and defined late (after mount, as with an async CDN script).
// Needs the apps built first: `node test/interop/run.mjs` does everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createHub } from '../../scripts/servers.mjs';
import { chromiumOptions } from '../dev-server.mjs';
import { serveApp } from './server.mjs';

const here = new URL('.', import.meta.url).pathname;
const TAGS = ['session-provider', 'session-guard', 'session-expiry-warning', 'login-form', 'session-user', 'logout-button'];
const CDN = 'https://cdn.example.com/npm/session-elements@';
const cdnPackage = join(here, 'html/node_modules/session-elements');

const APPS = [
  { name: 'vue', root: 'vue/dist', eager: '/', late: '/?late' },
  { name: 'svelte', root: 'svelte/dist', eager: '/', late: '/?late' },
  { name: 'angular', root: 'angular/dist/browser', eager: '/', late: '/?late' },
  { name: 'react', root: 'react/dist', eager: '/', late: '/?late' },
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
  for (const mode of ['eager', 'late']) {
    test(`${app.name}: elements defined ${mode === 'eager' ? 'before render' : 'after mount'}`, { timeout: 60_000 }, async () => {
      const server = await serveApp(join(here, app.root), hub, { headers: app.headers });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const errors = watchErrors(page);
        const cdnRequests = await serveCdn(context);
        await signInAndOut(page, server.url + app[mode], mode === 'late');
        if (app.name === 'html') assert.ok(cdnRequests.length > 0, 'the page loaded the library from the CDN URL');
        assert.deepEqual(errors, [], 'no uncaught errors or console errors');
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
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
  await page.locator('#protected').waitFor({ state: 'visible' });
  await page.locator('#protected session-user', { hasText: 'demo@example.com' }).waitFor(); // text in its shadow root

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectText(page, '#fw-user', 'signed out');
  await page.getByLabel(emailLabel).waitFor({ state: 'visible' });
  assert.equal(await page.locator('#protected').isVisible(), false, 'protected content hidden after sign-out');
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
