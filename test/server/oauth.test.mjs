// An OAuth sign-in (Bknd's `custom_oauth` strategy, type oidc, against a real oidc-provider on
// loopback) driven in real Chromium: Bknd's callback redirects with its auth cookie, and the plugin
// adds the httpOnly refresh cookie; the page can then refresh with it and sign out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import { $console } from 'bknd/utils';
import { chromium } from 'playwright-core';
import { chromiumOptions } from '../dev-server.mjs';
import { startOidcServer, signInOnProviderPages } from '../../scripts/oidc-server.mjs';
import { loadPlugin, createApp } from './helpers.mjs';

$console.disable();
const client = { client_id: 'bknd', client_secret: 'bknd-secret-for-tests', token_endpoint_auth_method: 'client_secret_basic' };
const env = {};

before(async () => {
  const plugin = await loadPlugin();
  let app;
  env.server = await new Promise((resolve) => {
    const s = serve({ fetch: (req) => app.fetch(req), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  env.origin = `http://127.0.0.1:${env.server.address().port}`;
  env.op = await startOidcServer({
    clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [`${env.origin}/api/auth/local/callback`] }],
  });
  app = await createApp({
    seed: false,
    plugins: [plugin.sessions({ accessTtl: 60 })],
    auth: { strategies: { local: { type: 'custom_oauth', enabled: true, config: { type: 'oidc', name: 'local', client, as: { issuer: env.op.issuer } } } } },
  });
  env.browser = await chromium.launch({ ...chromiumOptions, headless: true });
});

after(async () => {
  await env.browser?.close();
  await env.op?.stop();
  await new Promise((r) => (env.server ? env.server.close(r) : r()));
});

test('the OAuth callback starts a session: httpOnly refresh cookie on /api/auth, refresh and logout work from the page', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.origin}/api/auth/strategies`);
  // What <login-button> does: a form POST to Bknd's OAuth start (cookie mode).
  await Promise.all([
    page.waitForURL(/\/interaction\//),
    page.evaluate(() => {
      const form = Object.assign(document.createElement('form'), { method: 'POST', action: '/api/auth/local/register' });
      document.body.append(form);
      form.submit();
    }),
  ]);
  await signInOnProviderPages(page, { login: 'oauth@example.com' });
  await page.waitForURL((u) => u.origin === env.origin && !u.pathname.includes('/callback'), { timeout: 15_000 });
  const cookies = await context.cookies(env.origin + '/api/auth/refresh');
  const rc = cookies.find((c) => c.name === 'session_refresh');
  assert.ok(rc, `refresh cookie set: ${cookies.map((c) => c.name)}`);
  assert.equal(rc.httpOnly, true);
  assert.equal(rc.path, '/api/auth');
  assert.ok(cookies.some((c) => c.name === 'auth'), 'Bknd\'s auth cookie');
  const result = await page.evaluate(async () => {
    const r = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'include', headers: { accept: 'application/json' } });
    const body = await r.json();
    const me = await fetch('/api/auth/me', { headers: { accept: 'application/json' } });
    const out = await fetch('/api/auth/logout', { headers: { accept: 'application/json' } });
    const after = await fetch('/api/auth/me', { headers: { accept: 'application/json', authorization: `Bearer ${body.token}` } });
    return { status: r.status, body, me: (await me.json()).user?.email, out: out.status, after: [after.status, await after.json()], js: document.cookie };
  });
  assert.equal(result.status, 200);
  assert.equal(result.body.refresh_cookie, true);
  assert.equal(result.body.refresh_token, undefined);
  assert.equal(result.me, 'oauth@example.com');
  assert.equal(result.out, 200);
  assert.deepEqual(result.after, [401, { error: 'session_revoked' }]);
  assert.doesNotMatch(result.js, /session_refresh/, 'not readable from the page');
  assert.ok(!(await context.cookies(env.origin + '/api/auth/refresh')).some((c) => c.name === 'session_refresh'), 'cleared on logout');
  await context.close();
});
