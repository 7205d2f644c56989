// The CDN build from another origin with Bknd: a page on plain Bknd fetches no renewal code, a
// sign-in that brings a refresh token (the session-elements/bknd plugin) fetches it at once (so
// refresh works with the CDN down afterwards), <session-list>'s view is fetched only by a page
// that has one, and <session-expiry-warning>'s view is fetched as the element connects (so the
// warning opens with the CDN down), while a veto of the warning holds even before it loaded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCdn } from '../cdn-server.mjs';
import { launch, startServer, until } from './harness.mjs';

const DEMO = { email: 'demo@example.com', password: 'demo-password' };

describe('CDN chunks with Bknd and the sessions plugin', () => {
  let cdn, server, browser;
  before(async () => {
    cdn = await startCdn('session-cdn-bknd-');
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await cdn?.stop();
  });

  /** A page whose only script is the CDN entry; `inside` goes into the provider, `head` before it. */
  async function open(host, inside = '', { attributes = '', head = '', block = null } = {}) {
    const url = `${server.origin}/cdn-bknd-page.html`;
    const { context, page } = await cdn.page(browser, url, `<!doctype html>${head}${cdn.script}<session-provider host="${host}" check-interval="0" ${attributes}>${inside}</session-provider>`);
    cdn.requests = [];
    cdn.down = false;
    cdn.block = block;
    await page.goto(url);
    await until(() => page.evaluate(() => customElements.get('session-provider') && document.querySelector('session-provider').status !== 'loading'), 5000, 'the provider to settle');
    const provider = (fn, arg) => page.evaluate(fn, arg);
    return { context, page, provider, login: () => provider((c) => document.querySelector('session-provider').login(c), DEMO) };
  }
  /** The modules requested so far, each once. */
  const requested = () => [...new Set(cdn.requested())];

  test('plain Bknd: signed in, the page has fetched the entry only (no renewal code)', async () => {
    const { host } = await server.hub('bknd');
    const { context, provider, login } = await open(host);
    await login();
    assert.equal(await provider(() => document.querySelector('session-provider').state.renewable), false);
    assert.deepEqual(requested(), ['/session-elements.js']);
    await context.close();
  });

  test('the plugin: the sign-in fetches the renewal and sessions chunks, and a refresh works with the CDN down', async () => {
    const { host } = await server.hub('bknd?accessTtl=60');
    const { context, provider, login } = await open(host);
    assert.deepEqual(requested(), ['/session-elements.js'], 'nothing before the sign-in');
    await login();
    assert.equal(await provider(() => document.querySelector('session-provider').state.renewable), true);
    await until(() => requested().length === 3, 5000, 'the two chunks');
    assert.deepEqual(requested(), ['/bknd-sessions-api-*.js', '/renewal-*.js', '/session-elements.js']);
    cdn.down = true;
    const before = cdn.requests.length;
    assert.equal(await provider(() => document.querySelector('session-provider').refresh()), true);
    assert.equal(cdn.requests.length, before, 'nothing more fetched from the CDN');
    await context.close();
  });

  test('<session-list>: its view is a chunk fetched only by a page that has one', async () => {
    const { host } = await server.hub('bknd?accessTtl=60');
    const { context, page, login } = await open(host, '<session-list></session-list>');
    await login();
    await until(() => page.evaluate(() => document.querySelector('session-list').shadowRoot?.querySelectorAll('[part~=item]').length === 1), 5000, 'the list');
    assert.ok(requested().includes('/session-list-view-*.js'));
    await context.close();
  });

  /** The warning's dialog as the page sees it: whether the view rendered one, and whether it is open. */
  const dialog = (page) => page.evaluate(() => {
    const d = document.querySelector('session-expiry-warning').shadowRoot.querySelector('dialog');
    return { rendered: !!d, open: !!d?.open };
  });
  const WARNING = '<session-expiry-warning></session-expiry-warning>';

  test('<session-expiry-warning>: its view is fetched as the element connects, and the warning opens with the CDN down', async () => {
    // A 6 s token, warn-before 2: the warning opens 4 s after the sign-in.
    const { host } = await server.hub('bknd?expires=6');
    const { context, page, login } = await open(host, WARNING, { attributes: 'warn-before="2"' });
    await until(async () => (await dialog(page)).rendered, 5000, 'the view, before any sign-in');
    assert.ok(requested().includes('/session-expiry-warning-view-*.js'));
    assert.deepEqual(await dialog(page), { rendered: true, open: false });
    cdn.down = true;
    const before = cdn.requests.length;
    await login();
    await until(async () => (await dialog(page)).open, 8000, 'the warning');
    assert.equal(await page.evaluate(() => document.querySelector('session-expiry-warning').open), true);
    assert.equal(cdn.requests.length, before, 'nothing more fetched from the CDN');
    await context.close();
  });

  test('<session-expiry-warning>: a view that could not load is fetched at the next state, and a veto that came before it holds', async () => {
    const { host } = await server.hub('bknd?expires=6');
    // The page vetoes every warning (its own UI instead); the CDN fails for the warning's view.
    const head = '<script>addEventListener("session-expiring", (e) => { window.vetoes = (window.vetoes ?? 0) + 1; e.preventDefault(); });</script>';
    const { context, page, login, provider } = await open(host, WARNING, { attributes: 'warn-before="2"', head, block: /session-expiry-warning-view/ });
    await until(() => requested().includes('/session-expiry-warning-view-*.js'), 5000, 'a first try of the view chunk');
    assert.deepEqual(await dialog(page), { rendered: false, open: false }, 'no view yet');
    await login();
    await until(() => page.evaluate(() => window.vetoes === 1), 8000, 'the vetoed warning');
    assert.deepEqual(await dialog(page), { rendered: false, open: false });
    // The CDN is back: the session's end (a new state) fetches the view, which honours the veto
    // it never saw: no warning, and no "ended" notice after it.
    cdn.block = null;
    const tries = cdn.requests.filter((p) => p.startsWith('/session-expiry-warning-view-')).length;
    await until(() => provider(() => document.querySelector('session-provider').status === 'unauthenticated'), 8000, 'the expiry');
    await until(async () => (await dialog(page)).rendered, 5000, 'the view');
    assert.ok(cdn.requests.filter((p) => p.startsWith('/session-expiry-warning-view-')).length > tries, 'fetched again');
    assert.equal(await provider(() => document.querySelector('session-provider').state.reason), 'expired');
    assert.deepEqual(await dialog(page), { rendered: true, open: false }, 'vetoed: neither the warning nor the ended notice');
    await context.close();
  });
});
