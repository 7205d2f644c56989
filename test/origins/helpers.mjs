// Browser-side helpers for the field suites: Debian's Chromium through playwright-core, pages
// opened on the field page server, and bounded polling (no timed assertions).
import { chromium } from 'playwright-core';
import { chromiumOptions } from '../dev-server.mjs';
import { sleep, until } from '../e2e/harness.mjs';

export const launch = (args = []) => chromium.launch({ ...chromiumOptions, args: [...chromiumOptions.args, ...args], headless: true });
export { sleep, until };

/** The provider's state (null before the element is upgraded). */
export const state = (page) => page.evaluate(() => window.provider?.()?.controller?.state ?? null);
export const events = (page, type) => page.evaluate((t) => window.events.filter((e) => !t || e.type === t), type);
export const storageKeys = (page) => page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));

/** Opens `url` in a new tab of `context` and waits until the first session check has settled. */
export async function open(context, url) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  await page.goto(url);
  await settled(page);
  return page;
}

export const settled = (page, timeout = 8000) =>
  until(async () => {
    const s = await state(page);
    return s && s.status !== 'loading' ? s : null;
  }, timeout, 'the provider to start', () => page.evaluate(() => ({ events: window.events, defined: !!customElements.get('session-provider') })));

export const statusIs = (page, status, timeout = 5000) =>
  until(async () => (await state(page))?.status === status, timeout, `status ${status}`, () => Promise.all([state(page), events(page)]));

/** Fills the `<login-form>` like a user and presses its button. */
export async function submitForm(page, { email, password }) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The visible one of the guard's views, read from the rendered page. */
export const visible = (page, selector) => page.locator(selector).isVisible();
