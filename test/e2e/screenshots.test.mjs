// The demo as a new user sees it: served by `npm start`'s own code, driven in headless Chromium.
// Writes docs/screenshots/*.png and fails on a blank page, a broken sign-in or a CSP violation.
// Run: node --test test/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { startDemo, CSP } from '../../scripts/start.mjs';
import { DEFAULT_USERS, DEMO_USER } from '../../scripts/servers.mjs';
import { chromiumOptions } from '../dev-server.mjs';

// The README's pictures are rewritten only on request (UPDATE_SCREENSHOTS=1): every run differs in
// its timestamps, and a test run should not dirty the checkout.
const OUT = process.env.UPDATE_SCREENSHOTS ? new URL('../../docs/screenshots/', import.meta.url) : new URL(`file://${tmpdir()}/session-elements-screenshots/`);
const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};
const ADMIN = DEFAULT_USERS.find((u) => u.role === 'admin');

let browser;
let analyzer; // a CSP-free blank page that decodes screenshots with the browser's own PNG decoder

before(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await chromium.launch({ ...chromiumOptions, headless: true });
  analyzer = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

/** A page that records CSP violations, uncaught errors and CSP console messages. */
async function open(url, { viewport = VIEWPORTS.desktop, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme, reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    // The demo runs the built package as an app does: Lit's production build, no dev-mode warning.
    if (/dev mode/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  const response = await page.goto(url);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-security-policy'], CSP, 'the demo is served under the strict CSP');
  /** Fails the test if anything was blocked or thrown so far; closes the context. */
  page.finish = async () => {
    problems.push(...(await page.evaluate(() => window.__cspViolations)));
    await context.close();
    assert.deepEqual(problems, [], 'no CSP violations or uncaught errors');
  };
  return page;
}

// `attached`: the provider is display: contents, which has no box to be visible.
const status = (page, value) => page.waitForSelector(`session-provider[status="${value}"]`, { state: 'attached' });

async function signIn(page, { email, password }) {
  const form = page.locator('login-form:not([mode="register"])').first();
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await status(page, 'authenticated');
}

/**
 * Saves a screenshot and checks it shows something: a blank or single-colour page has almost all
 * pixels in one colour, so it fails the "ink" and colour-count thresholds.
 */
async function shoot(page, name) {
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await writeFile(new URL(`${name}.png`, OUT), png);
  const stats = await analyzer.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const counts = new Map(); // 12-bit colour -> pixels
    for (let i = 0; i < data.length; i += 4) {
      const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const background = Math.max(...counts.values());
    return { width: bitmap.width, height: bitmap.height, colors: counts.size, ink: 1 - background / (data.length / 4) };
  }, png.toString('base64'));
  const { width, height } = page.viewportSize();
  assert.deepEqual([stats.width, stats.height], [width, height], `${name}: size`);
  assert.ok(png.length > 10_000, `${name}: only ${png.length} bytes`);
  assert.ok(stats.colors >= 24, `${name}: only ${stats.colors} colours, looks blank`);
  assert.ok(stats.ink > 0.03, `${name}: ${(stats.ink * 100).toFixed(1)}% non-background pixels, looks blank`);
}

test('signed out and signed in, desktop and phone; sign-in with the demo credentials works', { timeout: 120_000 }, async () => {
  const demo = await startDemo({ port: 0, expires: 3600 });
  try {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const page = await open(demo.url, { viewport });
      await status(page, 'unauthenticated');
      await page.locator('login-form').first().getByLabel('Email').waitFor();
      await shoot(page, `signed-out-${size}`);

      await signIn(page, DEMO_USER);
      await page.locator('header session-user').getByText(DEMO_USER.email, { exact: true }).waitFor();
      await page.getByText('not as an admin').waitFor(); // the admin card's forbidden slot
      await page.locator('#log code', { hasText: 'session-login' }).first().waitFor();
      await shoot(page, `signed-in-${size}`);
      await page.finish();
    }

    const dark = await open(demo.url, { colorScheme: 'dark' });
    await signIn(dark, ADMIN);
    await dark.getByText('Welcome, admin').waitFor(); // roles="admin" content stamped
    await shoot(dark, 'signed-in-admin-desktop-dark');
    await dark.finish();
  } finally {
    await demo.close();
  }
});

test('sign up, sign out, and the cookie transport', { timeout: 60_000 }, async () => {
  const demo = await startDemo({ port: 0, expires: 3600 });
  try {
    const page = await open(demo.url);
    await status(page, 'unauthenticated');
    const form = page.locator('login-form[mode="register"]');
    await form.getByLabel('Email').fill('new-user@example.com');
    await form.getByLabel('Password').fill('new-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await status(page, 'authenticated');
    await page.locator('header session-user').getByText('new-user@example.com', { exact: true }).waitFor();
    await page.locator('header logout-button').getByRole('button', { name: 'Sign out' }).click();
    await status(page, 'unauthenticated');
    await page.finish();

    // Cookie transport: signed in, yet no token in JS-readable storage.
    const cookie = await open(`${demo.url}?transport=cookie`);
    await status(cookie, 'unauthenticated');
    await signIn(cookie, DEMO_USER);
    const stored = await cookie.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.doesNotMatch(stored, /eyJ/, 'no JWT in storage with transport="cookie"');
    await cookie.reload();
    await status(cookie, 'authenticated');
    await cookie.finish();
  } finally {
    await demo.close();
  }
});

test('the expiry warning with its in-place sign-in, desktop and phone', { timeout: 60_000 }, async () => {
  // A 15 s token with warn-before="20": the warning opens as soon as the user signs in.
  const demo = await startDemo({ port: 0, expires: 15 });
  try {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const page = await open(demo.url, { viewport });
      await status(page, 'unauthenticated');
      await signIn(page, DEMO_USER);
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      // Bknd's hard exp cannot be extended: the dialog offers the page's slotted form to sign in again in place.
      await page.locator('session-expiry-warning > login-form').getByLabel('Password').waitFor();
      await page.getByText('Your session is about to end').waitFor();
      await shoot(page, `expiry-warning-${size}`);
      // On a machine slow enough for the token to end first, the picture would show the "ended" notice.
      assert.ok(await page.evaluate(() => document.querySelector('session-provider').state.warning), 'still warning after the shot');
      await page.finish();
    }
  } finally {
    await demo.close();
  }
});
