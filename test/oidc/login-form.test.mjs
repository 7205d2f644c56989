// <login-form> lists the Bknd server's OAuth strategies as <login-button>s: a real Bknd 0.20 with a
// `custom_oauth` strategy (type oidc) whose issuer is a local oidc-provider, driven end to end in
// Chromium. Also `backend="oidc"` configured by attributes only, against the same oidc-provider.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { bkndOAuthClient, createBkndWithOAuth, launch, signInOnProviderPages, startPageServer, until } from './harness.mjs';
import { startOidcServer } from '../../scripts/oidc-server.mjs';

const env = {};
before(async () => {
  let bknd;
  env.pages = await startPageServer([
    async (ctx, next) => {
      // Servers that are not Bknd where a Bknd was expected: an HTML page, a 404.
      if (ctx.path === '/html/api/auth/strategies') return void Object.assign(ctx, { status: 200, type: 'html', body: '<!doctype html><p>Welcome' });
      if (ctx.path === '/gone/api/auth/strategies') return void Object.assign(ctx, { status: 404, type: 'json', body: '{"error":"Not found"}' });
      // Bknd is mounted same-origin under /api: its cookie and its return to the Referer stay on the page's origin.
      if (!ctx.path.startsWith('/api/')) return next();
      ctx.respond = false;
      await bknd(ctx.req, ctx.res);
    },
  ]);
  env.page = `${env.pages.origin}/test/oidc/form.html`;
  env.op = await startOidcServer({
    redirectUris: [env.page],
    clients: [bkndOAuthClient(env.pages.origin)],
  });
  env.app = await createBkndWithOAuth(env.op.issuer);
  bknd = getRequestListener(env.app.fetch);
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  await env.op?.stop();
  await env.pages?.stop();
});

/** form.html with the provider's (`p`) and the form's (`f`) attributes. */
const url = (p, f = {}, extra = {}) => `${env.page}?${new URLSearchParams({ p: new URLSearchParams(p).toString(), f: new URLSearchParams(f).toString(), ...extra })}`;
const status = (page) => page.evaluate(() => document.querySelector('session-provider').status);
const strategyFetches = (page) => page.evaluate(() => window.fetches.filter((f) => f.url.endsWith('/api/auth/strategies')));

/** Opens the page and waits until the provider settled and the form rendered with its controller. */
async function open(context, href) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(href);
  await until(async () => (await status(page)) !== 'loading', 10_000, 'the first check');
  await page.evaluate(() => document.querySelector('login-form').updateComplete);
  return { page, pageErrors };
}

/** Queues a probe rejection after everything the page did so far: once it is reported, an earlier unhandled rejection would be too. */
async function unhandledRejections(page) {
  await page.evaluate(() => {
    const probe = Promise.reject(new Error('probe'));
    return new Promise((resolve) => window.addEventListener('unhandledrejection', (e) => e.reason?.message === 'probe' && (e.preventDefault(), resolve())));
  });
  return page.evaluate(() => window.events.filter((e) => e.type === 'unhandledrejection' && e.message !== 'probe' || e.type === 'error'));
}

test('lists Bknd\'s OAuth strategies above the fields; "Continue with Local" registers, then signs in (cookie transport)', async () => {
  const context = await env.browser.newContext();
  const { page, pageErrors } = await open(context, url({ transport: 'cookie' }, { mode: 'register' }));
  assert.equal(await status(page), 'unauthenticated');
  const buttons = page.locator('login-form [part~=oauth] login-button');
  await until(async () => (await buttons.count()) > 0, 10_000, 'the strategy buttons');
  // Bknd also answers its `password` strategy: only OAuth ones become buttons.
  assert.deepEqual(await buttons.evaluateAll((els) => els.map((b) => [b.strategy, b.action])), [['local', 'register']]);
  assert.equal((await strategyFetches(page)).length, 1);
  assert.ok(
    await page.evaluate(() => {
      const list = document.querySelector('login-form [part~=oauth]');
      return !!(list.compareDocumentPosition(document.querySelector('login-form [name=email]')) & Node.DOCUMENT_POSITION_FOLLOWING);
    }),
    'the list comes before the email field',
  );
  await page.getByRole('button', { name: 'Continue with Local' }).click();
  await page.waitForURL(/\/interaction\//);
  await signInOnProviderPages(page, { login: 'form@example.com' });
  await page.waitForURL((u) => u.pathname === '/test/oidc/form.html', { timeout: 15_000 });
  await until(async () => (await status(page)) === 'authenticated', 10_000, 'signed in on return');
  assert.equal(await page.locator('session-user').evaluate((el) => el.shadowRoot.textContent.trim() || el.textContent.trim()), 'form@example.com');
  assert.equal(await page.evaluate(() => localStorage.getItem('auth')), null, 'no token in JS-readable storage');
  assert.equal(env.op.counters.codeGrants, 1);

  // Signed out, a login-mode form offers the same strategy with action "login" (the account exists now).
  await page.locator('logout-button >> button').click();
  await until(async () => (await status(page)) === 'unauthenticated', 10_000, 'signed out');
  await page.goto(url({ transport: 'cookie' }));
  await until(async () => (await buttons.count()) > 0, 10_000, 'the strategy buttons');
  assert.deepEqual(await buttons.evaluateAll((els) => els.map((b) => [b.strategy, b.action])), [['local', 'login']]);
  await page.getByRole('button', { name: 'Continue with Local' }).click();
  await page.waitForURL((u) => u.pathname === '/test/oidc/form.html' || u.pathname.includes('/interaction/'), { timeout: 15_000 });
  if (page.url().includes('/interaction/')) {
    await signInOnProviderPages(page, { login: 'form@example.com' });
    await page.waitForURL((u) => u.pathname === '/test/oidc/form.html', { timeout: 15_000 });
  }
  await until(async () => (await status(page)) === 'authenticated', 10_000, 'signed in again');
  assert.equal(env.op.counters.codeGrants, 2);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('oauth="off" lists nothing and asks nothing; removing it lists the strategies', async () => {
  const context = await env.browser.newContext();
  const { page } = await open(context, url({ transport: 'cookie' }, { oauth: 'off' }));
  // The request would be made when the form gets its controller, which has happened by now.
  assert.deepEqual(await strategyFetches(page), []);
  assert.equal(await page.locator('login-form login-button').count(), 0);
  await page.evaluate(() => document.querySelector('login-form').removeAttribute('oauth'));
  await until(async () => (await page.locator('login-form login-button').count()) === 1, 10_000, 'the list once allowed');
  assert.equal((await strategyFetches(page)).length, 1);
  await context.close();
});

test('no strategies request with another backend or with header transport', async () => {
  const context = await env.browser.newContext();
  for (const p of [{ backend: 'refresh', transport: 'cookie' }, { transport: 'header' }, {}]) {
    const { page } = await open(context, url(p));
    assert.deepEqual(await strategyFetches(page), [], JSON.stringify(p));
    assert.equal(await page.locator('login-form login-button').count(), 0);
    assert.equal(await page.locator('login-form [name=password]').count(), 1, 'the password form is there');
    await page.close();
  }
  await context.close();
});

test('an HTML, a 404 or an unreachable strategies answer lists nothing and breaks nothing', async () => {
  const context = await env.browser.newContext();
  for (const host of ['/html', '/gone', 'http://127.0.0.1:9']) {
    const { page, pageErrors } = await open(context, url({ transport: 'cookie', host }));
    await until(async () => (await strategyFetches(page)).every((f) => f.settled) && (await strategyFetches(page)).length === 1, 10_000, `the strategies answer from ${host}`);
    assert.deepEqual(await unhandledRejections(page), [], host);
    assert.equal(await page.locator('login-form login-button').count(), 0, host);
    assert.equal(await page.locator('login-form [name=password]').count(), 1, 'the password form is there');
    assert.deepEqual(pageErrors.filter((m) => m !== 'probe'), [], host);
    await page.close();
  }
  await context.close();
});

test('backend="oidc" by attributes only: signs in through oidc-provider\'s pages and reloads signed in', async () => {
  const context = await env.browser.newContext();
  const grants = env.op.counters.codeGrants;
  const p = { backend: 'oidc', issuer: env.op.issuer, 'client-id': 'session-elements', 'redirect-uri': env.page };
  const { page, pageErrors } = await open(context, url(p, {}, { b: 'label=Sign in with SSO' }));
  assert.equal(await status(page), 'unauthenticated');
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${env.op.issuer}/auth`));
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  const params = new URL((await authorize).url()).searchParams;
  assert.equal(params.get('client_id'), 'session-elements');
  assert.equal(params.get('redirect_uri'), env.page);
  await page.waitForURL(/\/interaction\//);
  await signInOnProviderPages(page, { login: 'attrs@example.com' });
  // Back on the page, `code`/`state` gone and the page's own query string restored.
  await page.waitForURL((u) => u.pathname === '/test/oidc/form.html' && u.searchParams.has('p') && !u.searchParams.has('code'), { timeout: 15_000 });
  await until(async () => (await status(page)) === 'authenticated', 10_000, 'signed in');
  assert.equal(await page.locator('session-user').evaluate((el) => el.shadowRoot.textContent.trim() || el.textContent.trim()), 'attrs@example.com');
  assert.equal(env.op.counters.codeGrants, grants + 1);

  await page.reload();
  await until(async () => (await status(page)) !== 'loading', 10_000, 'the first check after reload');
  assert.equal(await status(page), 'authenticated');
  assert.equal(env.op.counters.codeGrants, grants + 1, 'no new sign-in');
  // A <login-form> under a non-Bknd backend asks Bknd nothing.
  assert.deepEqual(await strategyFetches(page), []);
  assert.deepEqual(await page.evaluate(() => window.events.filter((e) => e.type !== 'session-login')), []);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('backend="oidc" without client-id is a config session-error', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(url({ backend: 'oidc', issuer: env.op.issuer }));
  await until(() => page.evaluate(() => window.events.some((e) => e.type === 'session-error')), 10_000, 'session-error');
  const [error] = await page.evaluate(() => window.events.filter((e) => e.type === 'session-error'));
  assert.equal(error.code, 'config');
  assert.match(error.message, /client-id/);
  await context.close();
});
