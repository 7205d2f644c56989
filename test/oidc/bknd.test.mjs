// "Continue with …" through Bknd 0.20: a `custom_oauth` strategy (type oidc) whose issuer is a
// local oidc-provider. <login-button> starts Bknd's cookie-mode flow, Bknd signs in at the
// provider (its own login page, driven here), sets its auth cookie and sends the browser back;
// the <session-provider transport="cookie"> on the page picks the session up.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { bkndOAuthClient, createBkndWithOAuth, launch, signInOnProviderPages, startPageServer, until } from './harness.mjs';
import { startOidcServer } from '../../scripts/oidc-server.mjs';

const env = {};
before(async () => {
  let bknd;
  // Bknd is mounted same-origin under /api: its cookie and its return to the Referer stay on the page's origin.
  env.pages = await startPageServer([
    async (ctx, next) => {
      if (!ctx.path.startsWith('/api/')) return next();
      ctx.respond = false;
      await bknd(ctx.req, ctx.res);
    },
  ]);
  env.op = await startOidcServer({
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

test('Bknd lists the strategy; "Continue with Local" registers through oidc-provider and comes back signed in', async () => {
  const strategies = await (await fetch(`${env.pages.origin}/api/auth/strategies`)).json();
  assert.equal(strategies.strategies.local.type, 'custom_oauth');

  const context = await env.browser.newContext();
  const page = await context.newPage();
  const url = `${env.pages.origin}/test/oidc/bknd.html`;
  await page.goto(url);
  await until(() => page.evaluate(() => document.querySelector('session-provider').status === 'unauthenticated'), 10_000, 'signed out at first');
  const button = page.locator('login-button[action="register"] >> button');
  assert.equal((await button.textContent()).trim(), 'Continue with Local');
  await button.click();
  await page.waitForURL(/\/interaction\//);
  await signInOnProviderPages(page, { login: 'social@example.com' });
  await page.waitForURL((u) => u.href === url, { timeout: 15_000 });
  await until(() => page.evaluate(() => document.querySelector('session-provider').status === 'authenticated'), 10_000, 'signed in on return');
  assert.equal(await page.locator('session-user').evaluate((el) => el.shadowRoot.textContent.trim() || el.textContent.trim()), 'social@example.com');
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.name === 'auth' && c.httpOnly), 'Bknd set its httpOnly auth cookie');
  assert.equal(await page.evaluate(() => localStorage.getItem('auth')), null, 'no token in JS-readable storage');
  assert.equal(env.op.counters.codeGrants, 1, 'Bknd exchanged one code at the provider');

  // Sign out, then sign in again (an existing account: action login); the provider remembers the user.
  await page.locator('logout-button >> button').click();
  await until(() => page.evaluate(() => document.querySelector('session-provider').status === 'unauthenticated'), 10_000, 'signed out');
  await page.locator('#again >> button').click();
  await page.waitForURL((u) => u.href === url, { timeout: 15_000 });
  if (page.url().includes('/interaction/')) await signInOnProviderPages(page, { login: 'social@example.com' });
  await until(() => page.evaluate(() => document.querySelector('session-provider').status === 'authenticated'), 10_000, 'signed in again');
  assert.equal(env.op.counters.codeGrants, 2);
  await context.close();
});
