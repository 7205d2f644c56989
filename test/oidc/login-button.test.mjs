// <login-button> with the oidc backend against a real oidc-provider: the label, the PKCE redirect
// it starts, the sign-in picked up by <session-provider> on return, and a bad strategy name.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, signInOnProviderPages, startPageServer, until } from './harness.mjs';
import { startOidcServer } from '../../scripts/oidc-server.mjs';

const env = {};
before(async () => {
  env.pages = await startPageServer();
  env.redirect = `${env.pages.origin}/test/oidc/elements.html`;
  env.op = await startOidcServer({ redirectUris: [env.redirect] });
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  await env.op?.stop();
  await env.pages?.stop();
});

const status = (page) => page.evaluate(() => document.querySelector('session-provider').status);

test('"Continue with Acme sso" starts code + PKCE; the provider finishes the sign-in on return', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.redirect}?issuer=${encodeURIComponent(env.op.issuer)}`);
  await until(async () => (await status(page)) === 'unauthenticated', 10_000, 'signed out');
  const button = page.getByRole('button', { name: 'Continue with Acme sso' });
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${env.op.issuer}/auth`));
  await button.click();
  const params = new URL((await authorize).url()).searchParams;
  assert.equal(params.get('code_challenge_method'), 'S256');
  assert.equal(params.get('response_type'), 'code');
  assert.equal(params.get('client_id'), 'session-elements');
  assert.ok(params.get('state') && params.get('code_challenge'));
  assert.equal(params.has('code_verifier'), false);
  await page.waitForURL(/\/interaction\//);
  await signInOnProviderPages(page);
  await page.waitForURL((u) => u.href.startsWith(env.redirect) && !u.searchParams.has('code'));
  await until(async () => (await status(page)) === 'authenticated', 10_000, 'signed in');
  assert.equal((await page.locator('session-user').textContent()).trim() || (await page.locator('session-user').evaluate((el) => el.shadowRoot.textContent.trim())), 'user@example.com');
  await context.close();
});

test('a strategy that is not a Bknd strategy name is a config login-error, no navigation', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.redirect}?issuer=${encodeURIComponent(env.op.issuer)}`);
  await page.waitForFunction(() => window.errors);
  await page.evaluate(() => {
    // Outside any provider: the Bknd path, with a strategy that would change the URL's path.
    const b = document.createElement('login-button');
    b.id = 'bad';
    b.strategy = '../evil';
    document.body.append(b);
  });
  await page.locator('#bad >> button').click();
  await until(() => page.evaluate(() => window.errors.length > 0), 5_000, 'login-error');
  const [error] = await page.evaluate(() => window.errors);
  assert.equal(error.code, 'config');
  assert.match(error.message, /not a Bknd strategy name/);
  assert.match(page.url(), /elements\.html/);
  await context.close();
});
