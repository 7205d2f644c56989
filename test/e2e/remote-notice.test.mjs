// A sign-out in another tab is said where the user looks: in the sign-in form's status line, and in
// the expiry warning if it was open. Two tabs of one browser context on the demo (the built package,
// a real Bknd), driven in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startDemo } from '../../scripts/start.mjs';
import { DEMO_USER } from '../../scripts/servers.mjs';
import { chromiumOptions } from '../dev-server.mjs';

let browser;
before(async () => {
  browser = await chromium.launch({ ...chromiumOptions, headless: true });
});
after(async () => {
  await browser?.close();
});

const status = (page, value) => page.waitForSelector(`session-provider[status="${value}"]`, { state: 'attached' });

/** Two tabs of one browser context, signed in through the first one's form. */
async function twoTabs(url) {
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const page of [a, b]) {
    await page.goto(url);
    await status(page, 'unauthenticated');
  }
  const form = a.locator('login-form:not([mode="register"])').first();
  await form.getByLabel('Email').fill(DEMO_USER.email);
  await form.getByLabel('Password', { exact: true }).fill(DEMO_USER.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await status(a, 'authenticated');
  await status(b, 'authenticated');
  return { context, a, b };
}

test('the sign-in form of the other tab says "Signed out in another tab."', { timeout: 60_000 }, async () => {
  const demo = await startDemo({ port: 0, expires: 3600 });
  try {
    const { context, a, b } = await twoTabs(demo.url);
    await b.locator('header logout-button').getByRole('button', { name: 'Sign out' }).click();
    await status(a, 'unauthenticated');
    const notice = a.locator('session-guard login-form:not([mode="register"]) [part=notice]');
    await notice.getByText('Signed out in another tab.').waitFor();
    assert.equal(await notice.getAttribute('role'), 'status');
    // The tab that signed out says nothing of the kind.
    assert.equal(await b.locator('session-guard login-form:not([mode="register"]) [part=notice]').textContent(), '');
    await context.close();
  } finally {
    await demo.close();
  }
});

test('an open expiry warning says it too, instead of vanishing', { timeout: 60_000 }, async () => {
  // A 15 s token with the demo's warn-before="20": the warning opens right after sign-in.
  const demo = await startDemo({ port: 0, expires: 15 });
  try {
    const { context, a, b } = await twoTabs(demo.url);
    const dialog = a.getByRole('alertdialog');
    await dialog.waitFor();
    await b.evaluate(() => document.querySelector('session-provider').logout());
    await status(a, 'unauthenticated');
    await dialog.getByText('Signed out in another tab.', { exact: true }).first().waitFor();
    const live = a.locator('session-expiry-warning [part=status]');
    assert.equal(await live.getAttribute('role'), 'status');
    assert.equal(await live.textContent(), 'Signed out in another tab.');
    assert.ok(await dialog.isVisible(), 'the dialog stays open to say so');
    await context.close();
  } finally {
    await demo.close();
  }
});
