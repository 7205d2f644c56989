// SessionController + oidc backend against a real oidc-provider, in Chromium: sign-in by redirect
// through the provider's pages, the callback finished on load, reload, one refresh for all tabs
// with rotating refresh tokens (reuse would revoke the grant), JWT access tokens, logout
// revocation, and which server answers sign the user out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, signInOnProviderPages, startOidcEnv, until } from './harness.mjs';

const env = {};
before(async () => {
  env.main = await startOidcEnv({ accessTtl: 4 });
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  await env.main?.stop();
});

const state = (page) => page.evaluate(() => window.session.state);
const events = (page, type) => page.evaluate((type) => window.events.filter((e) => e.type === type), type);

async function open(context, e, params) {
  const page = await context.newPage();
  await page.goto(e.url(params));
  await page.evaluate(() => window.started);
  return page;
}

/** Signs in through `session.login()` (a redirect) and the provider's pages; returns the page. */
async function signIn(context, e, params = {}) {
  const page = await open(context, e, params);
  page.evaluate(() => window.session.login({})).catch(() => {});
  await page.waitForURL(/\/interaction\//);
  await signInOnProviderPages(page);
  await page.waitForURL((u) => u.href.startsWith(e.redirect) && !u.searchParams.has('code'));
  assert.equal(await page.evaluate(() => window.started), true);
  return page;
}

describe('sign-in by redirect', () => {
  test('login() redirects, the provider finishes the callback on load; reload restores the opaque token', async () => {
    const context = await env.browser.newContext();
    const page = await signIn(context, env.main, { refreshBefore: 60, tag: 'x' });
    const s = await state(page);
    assert.equal(s.status, 'authenticated');
    assert.equal(s.user.email, 'user@example.com');
    assert.ok(s.expiresAt > Date.now(), 'timed by expires_in');
    const logins = await events(page, 'session-login');
    assert.equal(logins.length, 1);
    assert.equal(new URL(page.url()).searchParams.get('tag'), 'x', 'returnTo kept');
    assert.equal(new URL(page.url()).searchParams.has('state'), false);
    const stored = await page.evaluate(() => ({ ...localStorage }));
    assert.ok(stored.auth && stored['auth:refresh'] && stored['auth:meta'], 'token, refresh token and meta stored');
    await page.reload();
    await page.evaluate(() => window.started);
    const again = await state(page);
    assert.equal(again.status, 'authenticated');
    assert.equal(again.user.email, 'user@example.com');
    await context.close();
  });

  test('error=access_denied on return: a session-error, signed out, no crash', async () => {
    const context = await env.browser.newContext();
    const page = await open(context, env.main);
    page.evaluate(() => window.session.login({})).catch(() => {});
    await page.waitForURL(/\/interaction\//);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(env.main.redirect)), page.click('text=[ Cancel ]')]);
    await page.waitForFunction(() => window.started);
    await page.evaluate(() => window.started);
    assert.equal((await state(page)).status, 'unauthenticated');
    const errors = await events(page, 'session-error');
    assert.equal(errors.at(-1)?.detail.code, 'invalid-credentials');
    assert.match(errors.at(-1).detail.message, /access_denied/);
    await context.close();
  });
});

describe('one refresh for all tabs', () => {
  test('4 tabs, 4 s access tokens, rotating refresh tokens: one refresh per cycle, no grant revoked, tabs agree', async () => {
    const { counters } = env.main.op;
    const context = await env.browser.newContext();
    const first = await signIn(context, env.main, { refreshBefore: 2 });
    const tabs = [first];
    for (let i = 0; i < 3; i++) tabs.push(await open(context, env.main));
    const start = { refresh: counters.refreshGrants, errors: counters.refreshErrors, revoked: counters.grantsRevoked };
    const firstExp = (await state(first)).expiresAt;
    // Wait for four rotations, whatever the pace of this machine.
    await until(() => counters.refreshGrants - start.refresh >= 4, 60_000, 'four refreshes');
    await until(async () => new Set(await Promise.all(tabs.map(async (t) => (await state(t)).expiresAt))).size === 1, 10_000, 'tabs to agree');
    assert.equal(counters.grantsRevoked - start.revoked, 0, 'no refresh token was spent twice');
    assert.equal(counters.refreshErrors - start.errors, 0);
    for (const t of tabs) {
      const s = await state(t);
      assert.equal(s.status, 'authenticated');
      assert.ok(s.expiresAt > firstExp);
      assert.deepEqual(await events(t, 'session-logout'), []);
    }
    await context.close();
  });
});

describe('JWT access tokens', () => {
  let jwtEnv;
  before(async () => (jwtEnv = await startOidcEnv({ accessTtl: 4, accessTokenFormat: 'jwt' })));
  after(() => jwtEnv?.stop());

  test('timed by the JWT exp; refreshed under the lock; the user from the ID token', async () => {
    const context = await env.browser.newContext();
    const page = await signIn(context, jwtEnv, { userinfo: 'off', refreshBefore: 2 });
    const s = await state(page);
    assert.equal(s.status, 'authenticated');
    assert.equal(s.user.email, 'user@example.com');
    const refreshes = jwtEnv.op.counters.refreshGrants;
    await until(() => jwtEnv.op.counters.refreshGrants >= refreshes + 2, 30_000, 'two refreshes');
    await until(async () => (await state(page)).expiresAt > s.expiresAt, 5_000, 'the new expiry');
    assert.equal((await state(page)).status, 'authenticated');
    assert.equal(jwtEnv.op.counters.grantsRevoked, 0);
    await context.close();
  });
});

describe('sign-out', () => {
  test('logout() revokes the refresh token at the server and signs out every tab', async () => {
    const context = await env.browser.newContext();
    const page = await signIn(context, env.main, { endSession: 'off' });
    const other = await open(context, env.main);
    const rt = await page.evaluate(() => localStorage.getItem('auth:refresh'));
    const revocations = env.main.op.counters.revocations;
    await page.evaluate(() => window.session.logout());
    await until(() => env.main.op.counters.revocations === revocations + 1, 5_000, 'the revocation request');
    await until(async () => (await state(other)).status === 'unauthenticated', 5_000, 'the other tab to sign out');
    const r = await page.evaluate((rt) => window.backend.refresh(window.ctx(null, rt)).then(() => 'refreshed', (e) => e.code), rt);
    assert.equal(r, 'invalid-token', 'the revoked refresh token is dead');
    assert.equal(await page.evaluate(() => localStorage.getItem('auth')), null);
    await context.close();
  });

  test('a dead grant (revoked by reuse detection) signs out with reason invalid; nothing else does', async () => {
    const context = await env.browser.newContext();
    const page = await signIn(context, env.main, { refreshBefore: 60 });
    const rt = await page.evaluate(() => localStorage.getItem('auth:refresh'));
    // Someone else spends the refresh token twice: oidc-provider revokes the whole grant.
    await page.evaluate(async (rt) => {
      await window.backend.refresh(window.ctx(null, rt));
      await window.backend.refresh(window.ctx(null, rt)).catch(() => {});
    }, rt);
    assert.equal(await page.evaluate(() => window.session.refresh()), false);
    await until(async () => (await state(page)).status === 'unauthenticated', 5_000, 'sign-out');
    assert.equal((await state(page)).reason, 'invalid');
    const errors = await events(page, 'session-error');
    assert.ok(errors.some((e) => e.detail.code === 'invalid-token' && /invalid_grant/.test(e.detail.message)), JSON.stringify(errors));
    await context.close();
  });
});
