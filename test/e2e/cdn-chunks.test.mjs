// The CDN build from another origin, as `<script type="module" src="https://cdn…/session-elements.js">`:
// a page downloads the sibling chunks (refresh backend and renewal, JWKS verification) only when its
// configuration names them, from the entry's origin, as soon as the provider starts, so the
// session keeps working when the CDN is unreachable afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCdn } from '../cdn-server.mjs';
import { launch, startServer, until } from './harness.mjs';

const RT_USER = { email: 'user@example.com', password: 'password123' };
const DEMO = { email: 'demo@example.com', password: 'demo-password' };

describe('CDN sibling chunks from another origin', () => {
  let cdn, server, browser;
  before(async () => {
    cdn = await startCdn('session-cdn-');
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await cdn?.stop();
  });

  /** Opens a page on the test server's origin whose only script is the CDN entry from the other origin. */
  async function open(attributes, block = null) {
    const url = `${server.origin}/cdn-chunks-page.html`;
    const attrs = Object.entries({ 'check-interval': '0', ...attributes }).map(([k, v]) => `${k}="${v}"`).join(' ');
    const { context, page } = await cdn.page(browser, url, `<!doctype html>${cdn.script}<session-provider ${attrs}></session-provider>`);
    cdn.requests = [];
    cdn.down = false;
    cdn.block = block;
    await page.goto(url);
    await until(() => page.evaluate(() => customElements.get('session-provider') && document.querySelector('session-provider').status !== 'loading'), 5000, 'the provider to settle');
    return { context, page, provider: (fn, arg) => page.evaluate(fn, arg) };
  }

  test('the default configuration fetches the entry only', async () => {
    const { host } = await server.hub('bknd');
    const { context } = await open({ host });
    assert.deepEqual(cdn.requested(), ['/session-elements.js']);
    await context.close();
  });

  test('jwks-url fetches the verification chunk, right after start', async () => {
    const { host } = await server.hub('bknd');
    const { context } = await open({ host, 'jwks-url': `${host}/.well-known/jwks.json` });
    await until(() => cdn.asked('verify'), 5000, 'the verify chunk');
    assert.deepEqual(cdn.requested(), ['/session-elements.js', '/verify-*.js']);
    await context.close();
  });

  test('backend="refresh" fetches its chunk and the renewal chunk at start, and signs in and refreshes with the CDN down', async () => {
    const rt = await server.hub('rt?accessTtl=60');
    const { context, provider } = await open({ host: rt.host, backend: 'refresh' });
    await until(() => cdn.asked('refresh') && cdn.asked('renewal'), 5000, 'the refresh and renewal chunks');
    assert.deepEqual(cdn.requested(), ['/refresh-*.js', '/renewal-*.js', '/session-elements.js']);
    assert.equal(await provider(() => document.querySelector('session-provider').state.renewable), true);
    cdn.down = true;
    const before = cdn.requests.length;
    await provider((c) => document.querySelector('session-provider').login(c), RT_USER);
    assert.equal(await provider(() => document.querySelector('session-provider').status), 'authenticated');
    assert.equal(await provider(() => document.querySelector('session-provider').refresh()), true);
    assert.equal(cdn.requests.length, before, 'nothing more fetched from the CDN');
    await context.close();
  });

  test('backend="refresh" with jwks-url verifies the signed token with the CDN down', async () => {
    const rt = await server.hub('rt?accessTtl=60');
    const { context, provider } = await open({
      host: rt.host, backend: 'refresh', 'jwks-url': `${rt.host}/.well-known/jwks.json`, issuer: 'rt-test', audience: 'session-elements',
    });
    await until(() => ['verify', 'refresh', 'renewal'].every(cdn.asked), 5000, 'the three chunks');
    assert.deepEqual(cdn.requested(), ['/refresh-*.js', '/renewal-*.js', '/session-elements.js', '/verify-*.js']);
    cdn.down = true;
    const before = cdn.requests.length;
    const errors = await provider(async (c) => {
      const p = document.querySelector('session-provider');
      const seen = [];
      p.addEventListener('session-error', (e) => seen.push(e.detail.error.code));
      await p.login(c);
      return seen;
    }, RT_USER);
    assert.deepEqual(errors, []);
    assert.equal(await provider(() => document.querySelector('session-provider').status), 'authenticated');
    assert.equal(cdn.requests.length, before, 'nothing more fetched from the CDN');
    await context.close();
  });

  test('a renewal chunk that could not load is a network error that keeps the session, and loads on the next try', async () => {
    const rt = await server.hub('rt?accessTtl=60');
    // The entry and the backend chunk load; the CDN fails for the renewal chunk at start.
    const { context, provider } = await open({ host: rt.host, backend: 'refresh' }, /^\/renewal-/);
    assert.ok(cdn.asked('renewal'), 'the renewal chunk was asked for');
    await provider((c) => document.querySelector('session-provider').login(c), RT_USER);
    const first = await provider(async () => {
      const p = document.querySelector('session-provider');
      const seen = [];
      p.addEventListener('session-error', (e) => seen.push([e.detail.error.code, e.detail.error.hint]));
      const refreshed = await p.refresh();
      return { refreshed, seen, status: p.status, offline: p.state.offline };
    });
    assert.deepEqual(first, { refreshed: false, seen: [['network', 'Could not load the refresh module (a sibling chunk)']], status: 'authenticated', offline: true });
    cdn.block = null;
    const second = await provider(async () => {
      const p = document.querySelector('session-provider');
      return { refreshed: await p.refresh(), status: p.status, offline: p.state.offline };
    });
    assert.deepEqual(second, { refreshed: true, status: 'authenticated', offline: false });
    await context.close();
  });

  test('session management is a chunk fetched on first use; one that could not load is a network error, and loads on the next try', async () => {
    const { host } = await server.hub('bknd?accessTtl=60');
    const { context, provider } = await open({ host }, /^\/session-management-/);
    await provider((c) => document.querySelector('session-provider').login(c), DEMO);
    assert.ok(!cdn.asked('session-management'), 'not fetched by a sign-in');
    const failed = await provider(async (entry) => {
      const { SessionError } = await import(entry);
      const p = document.querySelector('session-provider');
      const seen = [];
      p.addEventListener('session-error', (e) => seen.push(e.detail.error.code));
      const typed = (e) => ({ instance: e instanceof SessionError, code: e.code, hint: e.hint });
      const list = await p.controller.sessions().then(() => null, typed);
      const others = await p.controller.logout({ scope: 'others' }).then(() => null, typed);
      return { list, others, seen, status: p.status };
    }, `${cdn.origin}/session-elements.js`);
    const network = { instance: true, code: 'network', hint: 'Could not load the session management module (a sibling chunk)' };
    // sessions() rejects only (its caller shows it); a sign-out of the others is reported too.
    assert.deepEqual(failed, { list: network, others: network, seen: ['network'], status: 'authenticated' });
    assert.ok(cdn.asked('session-management'), 'the chunk was asked for');
    cdn.block = null;
    const list = await provider(() => document.querySelector('session-provider').controller.sessions());
    assert.equal(list.length, 1);
    assert.equal(list[0].current, true);
    await context.close();
  });

  test('errors made in the chunks are instances of the entry\'s SessionError', async () => {
    // The chunks import nothing from the entry (see src/core/kit.ts): its class is handed to them.
    const rt = await server.hub('rt?accessTtl=60');
    const { context, provider } = await open({
      host: rt.host, backend: 'refresh', 'jwks-url': `${rt.host}/.well-known/jwks.json`, issuer: 'rt-test', audience: 'someone-else',
    });
    const seen = await provider(async ([c, entry]) => {
      const { SessionError } = await import(entry);
      const p = document.querySelector('session-provider');
      const typed = (e) => ({ instance: e instanceof SessionError, code: e.code, hint: e.hint });
      // 409 from the refresh chunk's own check; a wrong audience from the verify chunk.
      return [await p.register(c).then(() => null, typed), await p.login(c).then(() => null, typed)];
    }, [RT_USER, `${cdn.origin}/session-elements.js`]);
    assert.deepEqual(seen[0], { instance: true, code: 'account-exists', hint: 'User exists' });
    assert.equal(seen[1].instance, true);
    assert.equal(seen[1].code, 'invalid-token');
    assert.match(seen[1].hint, /^Invalid token: signature check failed \(.*"aud"/);
    await context.close();
  });
});
