// The CDN build as pages load it: English in the entry, another language as two small chunks
// (the list, then the language) fetched only by a page that uses it, English while they cannot be
// fetched. And Arabic right to left: the sign-in form and the expiry warning laid out and
// screenshotted (docs/screenshots/*-ar-rtl.png with UPDATE_SCREENSHOTS=1, else the temp directory).
// Run: node --test test/i18n/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCdn } from '../cdn-server.mjs';
import { launch, startServer, until } from '../e2e/harness.mjs';

const root = new URL('../..', import.meta.url).pathname;
const OUT = process.env.UPDATE_SCREENSHOTS ? join(root, 'docs/screenshots') : join(tmpdir(), 'session-elements-screenshots');
const DEMO = { email: 'demo@example.com', password: 'demo-password' };

describe('languages in the CDN build', () => {
  let cdn, server, browser;
  before(async () => {
    cdn = await startCdn('session-i18n-cdn-');
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await cdn?.stop();
  });

  /** A page on the test server's origin: `<html {htmlAttrs}>`, the CDN entry and `body`. */
  async function open(htmlAttrs, body, viewport = { width: 900, height: 800 }) {
    const url = `${server.origin}/i18n-page.html`;
    const { context, page } = await cdn.page(browser, url, `<!doctype html><html ${htmlAttrs}><meta charset="utf-8"><style>body{font:16px/1.4 sans-serif;margin:2rem}</style>
        ${cdn.script}<body>${body}</body></html>`, { viewport, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    cdn.requests = [];
    await page.goto(url);
    await until(() => page.evaluate(() => !!customElements.get('login-form')), 5000, 'the elements');
    return { context, page, errors };
  }
  const submitText = (page) => page.evaluate(() => document.querySelector('login-form button[type=submit]')?.textContent.trim());

  test('English comes with the entry; lang="de" fetches the language list and German, nothing else', async () => {
    const { host } = await server.hub('bknd');
    const en = await open('lang="en"', `<session-provider host="${host}"><login-form></login-form></session-provider>`);
    await until(async () => (await submitText(en.page)) === 'Sign in', 5000, 'the English form');
    assert.deepEqual(cdn.requested(), ['/session-elements.js']);
    await en.context.close();

    const de = await open('lang="de"', `<session-provider host="${host}"><login-form></login-form></session-provider>`);
    await until(async () => (await submitText(de.page)) === 'Anmelden', 5000, 'the German form');
    assert.deepEqual(cdn.requested(), ['/de-*.js', '/languages-*.js', '/session-elements.js']);
    assert.deepEqual(de.errors, []);
    await de.context.close();
  });

  test('a language chunk the CDN fails to serve: English meanwhile, the language at the next render once it is back', async () => {
    const { host } = await server.hub('bknd');
    cdn.block = /^\/pl-/;
    const { context, page, errors } = await open('lang="pl"', `<session-provider host="${host}"><login-form></login-form></session-provider>`);
    await until(() => cdn.requests.some((p) => p.startsWith('/pl-')), 5000, 'the Polish chunk request');
    assert.equal(await submitText(page), 'Sign in');
    cdn.block = null;
    // Any render asks again: here a change of region.
    await page.evaluate(() => (document.documentElement.lang = 'pl-PL'));
    await until(async () => (await submitText(page)) === 'Zaloguj się', 5000, 'the Polish form');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Arabic, right to left: the sign-in form and the expiry warning (screenshots)', async () => {
    mkdirSync(OUT, { recursive: true });
    const { host } = await server.hub('bknd?expires=9');
    const { context, page, errors } = await open('lang="ar" dir="rtl"', `<main style="max-width:24rem;padding:1rem">
      <session-provider host="${host}" warn-before="8" check-interval="0" login-url="/login">
        <login-form mode="register" minlength="8" forgot-url="/forgot"></login-form>
        <session-expiry-warning></session-expiry-warning>
      </session-provider></main>`);
    await until(async () => (await submitText(page)) === 'إنشاء حساب', 5000, 'the Arabic form');
    const form = page.locator('login-form form');
    // Laid out right to left: each label starts at the right edge, the toggle sits left of the field.
    const layout = await page.evaluate(() => {
      const f = document.querySelector('login-form form');
      const box = (el) => el.getBoundingClientRect();
      // The text itself (the span may be a block as wide as the form).
      const range = document.createRange();
      range.selectNodeContents(f.querySelector('[part=label-text]'));
      const label = range.getBoundingClientRect();
      const input = box(f.querySelector('input[name=password]'));
      const toggle = box(f.querySelector('[part=toggle]'));
      return { dir: getComputedStyle(f).direction, formRight: box(f).right, labelRight: label.right, labelLeft: label.left, inputLeft: input.left, toggleRight: toggle.right, hint: f.querySelector('[part=hint]').textContent };
    });
    await page.locator('main').screenshot({ path: join(OUT, 'login-form-ar-rtl.png') });
    assert.equal(layout.dir, 'rtl');
    assert.ok(Math.abs(layout.formRight - layout.labelRight) < 2, `label flush right: ${JSON.stringify(layout)}`);
    assert.ok(layout.labelLeft > layout.formRight - 200, 'label text not stretched to the left');
    assert.ok(layout.toggleRight <= layout.inputLeft + 1, `show-password toggle on the left of the field: ${JSON.stringify(layout)}`);
    assert.match(layout.hint, /أحرف على الأقل/);

    await page.evaluate((c) => document.querySelector('session-provider').login(c), DEMO);
    const dialog = page.locator('session-expiry-warning dialog');
    await dialog.waitFor({ state: 'visible', timeout: 9000 });
    // Let the dialog's own form render before measuring.
    await until(() => page.evaluate(() => document.querySelector('session-expiry-warning').shadowRoot.querySelector('login-form button[type=submit]')?.textContent.trim() === 'تسجيل الدخول'), 5000, 'the dialog\'s form');
    const d = await page.evaluate(() => {
      const root = document.querySelector('session-expiry-warning').shadowRoot;
      const box = (el) => el.getBoundingClientRect();
      const textBox = (el) => {
        const r = document.createRange();
        r.selectNodeContents(el);
        return r.getBoundingClientRect();
      };
      const dlg = root.querySelector('dialog');
      const pad = parseFloat(getComputedStyle(dlg).paddingInlineStart);
      return {
        dir: getComputedStyle(dlg).direction, heading: root.querySelector('#heading').textContent.trim(), countdown: root.querySelector('[part=countdown]').textContent,
        dialogRight: box(dlg).right - pad, headingRight: textBox(root.querySelector('#heading')).right,
      };
    });
    assert.equal(d.dir, 'rtl');
    assert.equal(d.heading, 'جلستك على وشك الانتهاء');
    assert.match(d.countdown, /^[٠-٩]:[٠-٩]{2}$|^\d:\d\d$/);
    await page.screenshot({ path: join(OUT, 'expiry-warning-ar-rtl.png') });
    assert.ok(Math.abs(d.dialogRight - d.headingRight) < 2, `heading starts at the right: ${JSON.stringify(d)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
