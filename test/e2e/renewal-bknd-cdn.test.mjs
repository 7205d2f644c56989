// The CDN build from another origin with Bknd: a page on plain Bknd fetches no renewal code, a
// sign-in that brings a refresh token (the session-elements/bknd plugin) fetches it at once (so
// refresh works with the CDN down afterwards), and <session-list>'s view is fetched only by a page
// that has one.
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

  /** A page whose only script is the CDN entry; `inside` goes into the provider. */
  async function open(host, inside = '') {
    const url = `${server.origin}/cdn-bknd-page.html`;
    const { context, page } = await cdn.page(browser, url, `<!doctype html>${cdn.script}<session-provider host="${host}" check-interval="0">${inside}</session-provider>`);
    cdn.requests = [];
    cdn.down = false;
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
});
