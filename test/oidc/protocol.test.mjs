// The oidc backend's protocol steps against a real oidc-provider, driven in Chromium through the
// provider's own login and consent pages: code + PKCE, refresh rotation with reuse detection,
// opaque and JWT access tokens, userinfo, revocation, RP-initiated logout, and every bad input
// the issue lists as a typed error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, signInOnProviderPages, startOidcEnv } from './harness.mjs';
import { startOidcServer } from '../../scripts/oidc-server.mjs';
import { fixtures } from './fixtures.mjs';

const env = {};
before(async () => {
  env.main = await startOidcEnv({ accessTtl: 30 });
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  await env.main?.stop();
});

async function newPage(e, params = {}) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(e.url({ mode: 'backend', ...params }));
  await page.waitForFunction(() => window.backend);
  return page;
}

/** Starts `login()`, signs in on the provider's pages and waits for the callback page. */
async function reachCallback(page, e, account) {
  page.evaluate(() => backend.login({}, ctx())).catch(() => {}); // the page navigates away
  await page.waitForURL(/\/interaction\//);
  await signInOnProviderPages(page, account);
  await page.waitForURL((u) => u.href.startsWith(e.redirect) && u.searchParams.has('code'));
  await page.waitForFunction(() => window.backend);
}

const resume = (page) => page.evaluate(() => backend.resume(ctx()).then((r) => ({ ok: r }), (e) => ({ error: plain(e) })));
const refresh = (page, rt) => page.evaluate((rt) => backend.refresh(ctx(null, rt)).then((r) => ({ ok: r }), (e) => ({ error: plain(e) })), rt);

async function signIn(e, params) {
  const page = await newPage(e, params);
  await reachCallback(page, e);
  const r = await resume(page);
  assert.ok(r.ok, JSON.stringify(r.error));
  return { page, result: r.ok };
}

describe('code + PKCE against oidc-provider', () => {
  test('sign-in through the login page: tokens, user, expires_in, URL cleaned with returnTo kept', async () => {
    const before = { ...env.main.op.counters };
    const { page, result } = await signIn(env.main, { keep: 'me' });
    assert.equal(result.token.split('.').length, 1, 'opaque access token');
    assert.equal(typeof result.refreshToken, 'string');
    assert.equal(result.expiresIn, 30);
    assert.equal(result.user.email, 'user@example.com');
    assert.equal(result.user.id, 'user@example.com');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('keep'), 'me', 'returnTo restores the page query');
    for (const k of ['code', 'state', 'iss']) assert.equal(url.searchParams.has(k), false, `${k} removed from the URL`);
    assert.equal(env.main.op.counters.codeGrants - before.codeGrants, 1);
    // The authorization request used S256 and a verifier the page never put in a URL.
    await page.context().close();
  });

  test('refresh rotates; a spent refresh token is refused as invalid_grant and revokes the grant', async () => {
    const { page, result } = await signIn(env.main);
    const op = env.main.op.counters;
    const revoked = op.grantsRevoked;
    const r1 = await refresh(page, result.refreshToken);
    assert.ok(r1.ok, JSON.stringify(r1.error));
    assert.notEqual(r1.ok.refreshToken, result.refreshToken, 'rotated');
    assert.notEqual(r1.ok.token, result.token);
    assert.equal(r1.ok.expiresIn, 30);
    const reuse = await refresh(page, result.refreshToken);
    assert.equal(reuse.error?.code, 'invalid-token');
    assert.equal(reuse.error.status, 400);
    assert.match(reuse.error.message, /invalid_grant/);
    assert.equal(op.grantsRevoked, revoked + 1, 'reuse detection revoked the grant');
    const after = await refresh(page, r1.ok.refreshToken);
    assert.equal(after.error?.code, 'invalid-token', 'the whole family is dead');
    await page.context().close();
  });

  test('me() reads userinfo; a token the server does not know gives null (signed out), not an error', async () => {
    const { page, result } = await signIn(env.main);
    const me = await page.evaluate((t) => backend.me(ctx(t)), result.token);
    assert.equal(me.email, 'user@example.com');
    assert.equal(await page.evaluate(() => backend.me(ctx('not-a-token'))), null);
    await page.context().close();
  });

  test('logout revokes the refresh token (RFC 7009); without end-session the page stays', async () => {
    const { page, result } = await signIn(env.main, { endSession: 'off' });
    const revocations = env.main.op.counters.revocations;
    await page.evaluate(([t, rt]) => backend.logout(ctx(t, rt)), [result.token, result.refreshToken]);
    assert.equal(env.main.op.counters.revocations, revocations + 1);
    const r = await refresh(page, result.refreshToken);
    assert.equal(r.error?.code, 'invalid-token');
    assert.match(page.url(), /page\.html/);
    await page.context().close();
  });

  test('logout with RP-initiated logout goes to end_session (client_id, no token in a URL) and comes back', async () => {
    const { page, result } = await signIn(env.main);
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.evaluate(([t, rt]) => backend.logout(ctx(t, rt)), [result.token, result.refreshToken]);
    await page.waitForURL(/\/session\/end/);
    // oidc-provider asks the user to confirm the sign-out; then it returns to the page.
    await Promise.all([page.waitForURL((u) => u.href.startsWith(env.main.redirect)), page.click('button[autofocus]')]);
    assert.ok(!urls.some((u) => u.includes(result.token) || u.includes(result.refreshToken) || /id_token/.test(u)));
    await page.context().close();
  });
});

describe('JWT access tokens (resource indicators)', () => {
  let jwtEnv;
  before(async () => (jwtEnv = await startOidcEnv({ accessTtl: 20, accessTokenFormat: 'jwt' })));
  after(() => jwtEnv?.stop());

  test('a JWT access token with expires_in; refresh rotates; the user comes from the ID token', async () => {
    const { page, result } = await signIn(jwtEnv, { userinfo: 'off' });
    const [, payload] = result.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    assert.equal(claims.aud, 'urn:session-elements:api');
    assert.equal(claims.exp - claims.iat, 20);
    assert.equal(result.expiresIn, 20);
    assert.equal(result.user.id, 'user@example.com');
    const r = await refresh(page, result.refreshToken);
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(r.ok.token.split('.').length, 3);
    assert.notEqual(r.ok.refreshToken, result.refreshToken);
    assert.equal((await page.evaluate((t) => backend.me(ctx(t)), r.ok.token)).id, 'user@example.com');
    await page.context().close();
  });
});

describe('bad input: each a typed error, none a crash', () => {
  let fx;
  before(async () => (fx = await fixtures(env.main.op.issuer)));
  after(() => fx?.stop());

  test('a callback whose state is not the one this tab sent: invalid-token, code not spent, URL cleaned', async () => {
    const page = await newPage(env.main);
    await reachCallback(page, env.main);
    const grants = env.main.op.counters.codeGrants;
    await page.evaluate(() => {
      const k = 'session-elements:oidc:session-elements';
      sessionStorage.setItem(k, JSON.stringify({ ...JSON.parse(sessionStorage.getItem(k)), state: 'another-state' }));
    });
    const r = await resume(page);
    assert.equal(r.error?.code, 'invalid-token');
    assert.match(r.error.message, /state/);
    assert.equal(env.main.op.counters.codeGrants, grants, 'no code exchanged');
    assert.equal(new URL(page.url()).searchParams.has('code'), false);
    await page.context().close();
  });

  test('a reused authorization code: invalid-token (invalid_grant from the server)', async () => {
    const page = await newPage(env.main);
    await reachCallback(page, env.main);
    const callback = page.url();
    const pending = await page.evaluate(() => sessionStorage.getItem('session-elements:oidc:session-elements'));
    assert.ok((await resume(page)).ok);
    await page.evaluate((p) => sessionStorage.setItem('session-elements:oidc:session-elements', p), pending);
    await page.goto(callback);
    await page.waitForFunction(() => window.backend);
    const r = await resume(page);
    assert.equal(r.error?.code, 'invalid-token');
    assert.match(r.error.message, /invalid_grant/);
    await page.context().close();
  });

  test('error=access_denied (the user pressed Cancel on the login page): invalid-credentials', async () => {
    const page = await newPage(env.main);
    page.evaluate(() => backend.login({}, ctx())).catch(() => {});
    await page.waitForURL(/\/interaction\//);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(env.main.redirect)), page.click('text=[ Cancel ]')]);
    await page.waitForFunction(() => window.backend);
    assert.equal(new URL(page.url()).searchParams.get('error'), 'access_denied');
    const r = await resume(page);
    assert.equal(r.error?.code, 'invalid-credentials');
    assert.match(r.error.message, /access_denied/);
    assert.equal(new URL(page.url()).searchParams.has('error'), false);
    await page.context().close();
  });

  test('a callback this tab never started is left alone (null), not an error', async () => {
    const page = await newPage(env.main);
    await page.goto(`${env.main.redirect}?code=abc&state=xyz`);
    await page.waitForFunction(() => window.backend);
    assert.deepEqual(await resume(page), { ok: null });
    await page.context().close();
  });

  for (const [kind, code, pattern] of [
    ['html', 'config', /Discovery failed/],
    ['no-endpoints', 'config', /no authorization_endpoint/],
    ['wrong-issuer', 'config', /Discovery failed/],
  ])
    test(`discovery: ${kind} → ${code}`, async () => {
      const page = await newPage(env.main, { issuer: fx.issuer(kind) });
      const r = await page.evaluate(() => backend.login({}, ctx()).then(() => ({ ok: true }), (e) => ({ error: plain(e) })));
      assert.equal(r.error?.code, code);
      assert.match(r.error.message, pattern);
      assert.equal(new URL(page.url()).pathname, '/test/oidc/page.html', 'no navigation');
      await page.context().close();
    });

  for (const [kind, code, status, pattern] of [
    ['no-access-token', 'server', undefined, /access_token/],
    ['invalid-grant', 'invalid-token', 400, /invalid_grant/],
    ['invalid-client', 'config', 400, /client authentication failed \(invalid_client\)/],
    ['server-error', 'server', 503, /./],
    ['html-500', 'server', 500, /./],
  ])
    test(`token endpoint: ${kind} → ${code}`, async () => {
      const page = await newPage(env.main, { issuer: fx.issuer(kind) });
      const r = await refresh(page, 'some-refresh-token');
      assert.equal(r.error?.code, code, JSON.stringify(r.error));
      assert.equal(r.error.status, status);
      assert.match(r.error.message, pattern);
      await page.context().close();
    });

  test('the real server: an unknown client is invalid_client (config), a garbage refresh token invalid_grant (invalid-token)', async () => {
    const page = await newPage(env.main, { client: 'no-such-client' });
    const r = await refresh(page, 'garbage');
    assert.equal(r.error?.code, 'config', JSON.stringify(r.error));
    assert.match(r.error.message, /invalid_client/);
    const p2 = await newPage(env.main);
    const r2 = await refresh(p2, 'garbage');
    assert.equal(r2.error?.code, 'invalid-token');
    assert.equal(r2.error.status, 400);
    await page.context().close();
    await p2.context().close();
  });

  test('refresh without a refresh token (offline_access not granted): config, not a dead grant', async () => {
    const page = await newPage(env.main);
    const r = await refresh(page, null);
    assert.equal(r.error?.code, 'config');
    assert.match(r.error.message, /no refresh token/);
    await page.context().close();
  });

  test('an issuer that is down: network, and discovery is retried on the next call', async () => {
    const dead = await startOidcServer();
    const issuer = dead.issuer;
    await dead.stop();
    const page = await newPage(env.main, { issuer });
    const r = await page.evaluate(() => backend.login({}, ctx()).then(() => ({ ok: true }), (e) => ({ error: plain(e) })));
    assert.equal(r.error?.code, 'network');
    await page.context().close();
  });
});
