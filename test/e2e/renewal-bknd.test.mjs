// Bknd with the session-elements/bknd plugin, end to end in real Chromium, header and cookie
// transport: a session renewed by one tab for all, across several access-token lifetimes; a
// sign-out whose token the server refuses at once; "sign out of all other devices" reaching another
// browser (context) as reason "revoked"; and Redis stopped: offline, the session kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, openTabs, sleep, startServer, state, until } from './harness.mjs';
import { startRedis } from '../server/helpers.mjs';

const DEMO = { email: 'demo@example.com', password: 'demo-password' };
const ACCESS_TTL = 6;

let server;
let browser;
before(async () => {
  // The default Bknd at /api (its refresh cookie's path is /api/auth) with the plugin.
  server = await startServer({ sessions: { accessTtl: ACCESS_TTL } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const tabUrl = (origin, q) => `${origin}/test/e2e/tab.html?${new URLSearchParams({ checkInterval: 0, ...q })}`;
const counts = async (origin, reset = false) => (await fetch(`${origin}/__hub/counts?id=default${reset ? '&reset=1' : ''}`, { method: 'POST' })).json();
const events = (page, type) => page.evaluate((t) => window.events.filter((e) => e.type === t).map((e) => e.detail), type);
const signedIn = (tabs) => until(async () => (await Promise.all(tabs.map(state))).every((s) => s.status === 'authenticated'), 5000, 'signed in everywhere');

/** Signs in through tab 0 and returns the access token of that sign-in, read from its answer (cookie transport keeps none in the page). */
async function login(tabs) {
  const answer = tabs[0].waitForResponse((r) => r.url().includes('/api/auth/password/login'));
  await tabs[0].evaluate((c) => window.session.login(c), DEMO);
  const body = await (await answer).json();
  await signedIn(tabs);
  return body;
}

/** `/me` and the data API with a bearer token (no cookie): their statuses. */
const refused = async (origin, token) =>
  Promise.all(['/api/auth/me', '/api/data/entity/users'].map(async (p) => (await fetch(origin + p, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })).status));

for (const transport of ['header', 'cookie']) {
  describe(`Bknd with the sessions plugin, ${transport} transport`, () => {
    it(`3 tabs stay signed in across 3 access-token lifetimes: one refresh per cycle, no sign-out`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext();
      const tabs = await openTabs(context, tabUrl(server.origin, { transport, refreshBefore: 2 }), 3);
      const answer = await login(tabs);
      assert.equal(transport === 'cookie' ? answer.refresh_cookie : typeof answer.refresh_token, transport === 'cookie' ? true : 'string');
      assert.ok((await Promise.all(tabs.map(state))).every((s) => s.renewable), 'renewable in every tab');
      await counts(server.origin, true);
      const seconds = 3 * ACCESS_TTL + 1;
      await sleep(seconds * 1000);
      const refreshes = (await counts(server.origin))['default /api/auth/refresh'] ?? 0;
      const states = await Promise.all(tabs.map(state));
      const perTab = await Promise.all(tabs.map((t) => events(t, 'session-refresh')));
      const logouts = (await Promise.all(tabs.map((t) => events(t, 'session-logout')))).flat();
      // A token of 6 s refreshed 2 s before its end: a cycle is about 4 s.
      const cycles = seconds / (ACCESS_TTL - 2);
      console.log(`# ${transport}: 3 tabs, ${seconds} s, access token ${ACCESS_TTL} s: ${refreshes} refreshes for ${cycles.toFixed(1)} cycles; session-refresh per tab ${perTab.map((p) => p.length).join(', ')}`);
      assert.deepEqual(logouts, [], 'no sign-out');
      assert.ok(states.every((s) => s.status === 'authenticated' && !s.offline), 'every tab signed in');
      assert.ok(refreshes >= Math.floor(cycles) - 1 && refreshes <= Math.ceil(cycles), `about one refresh per cycle: ${refreshes} for ${cycles.toFixed(1)}`);
      // Every refresh reached every tab (one did it, the others took its result).
      for (const p of perTab) assert.ok(Math.abs(p.length - refreshes) <= 1, `session-refresh events ${p.length} vs ${refreshes} refreshes`);
      // The renewed token is the one the server accepts now.
      assert.ok((await Promise.all(tabs.map(state))).every((s) => s.expiresAt > Date.now()));
      await context.close();
    });

    it('logout: the old access token is refused at once by /me and the data API', { timeout: 30_000 }, async () => {
      const context = await browser.newContext();
      const tabs = await openTabs(context, tabUrl(server.origin, { transport }), 1);
      const { token } = await login(tabs);
      assert.deepEqual(await refused(server.origin, token), [200, 200]);
      await tabs[0].evaluate(() => window.session.logout());
      assert.deepEqual(await refused(server.origin, token), [401, 401]);
      assert.equal((await state(tabs[0])).reason, 'logout');
      await context.close();
    });

    it('"sign out of all other devices" in browser A signs out browser B at its next request, with reason "revoked"', { timeout: 30_000 }, async () => {
      const [a, b] = [await browser.newContext(), await browser.newContext()];
      const [ta] = await openTabs(a, tabUrl(server.origin, { transport }), 1);
      const [tb] = await openTabs(b, tabUrl(server.origin, { transport }), 1);
      await login([ta]);
      await login([tb]);
      const list = await ta.evaluate(() => window.session.sessions());
      assert.equal(list.filter((s) => s.current).length, 1);
      assert.ok(list.length >= 2);
      await ta.evaluate(() => window.session.logout({ scope: 'others' }));
      assert.equal((await state(ta)).status, 'authenticated', 'A keeps its session');
      const status = await tb.evaluate(async () => (await window.session.fetch('/api/data/entity/users')).status);
      assert.equal(status, 401);
      const sb = await state(tb);
      assert.deepEqual([sb.status, sb.reason], ['unauthenticated', 'revoked']);
      assert.deepEqual(await events(tb, 'session-logout'), [{ reason: 'revoked', remote: false }]);
      // A is still good with the server.
      assert.equal(await ta.evaluate(async () => (await window.session.fetch('/api/auth/me')).status), 200);
      await Promise.all([a.close(), b.close()]);
    });
  });
}

describe('a cookie session the page had no word of (as after an OAuth sign-in)', () => {
  it('one refresh finds the refresh cookie: the session is renewable, then renews', { timeout: 30_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A sign-in the elements did not make (an OAuth callback sets the same cookies): only cookies, no hint in storage.
    await page.goto(`${server.origin}/test/e2e/tab.html?checkInterval=0&transport=cookie`);
    await page.evaluate(() => window.started);
    const status = await page.evaluate(async (c) => (await fetch('/api/auth/password/login?transport=cookie', {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(c),
    })).status, DEMO);
    assert.equal(status, 200);
    await page.reload();
    await page.evaluate(() => window.started);
    const s = await state(page);
    assert.deepEqual([s.status, s.renewable, s.expiresAt !== null], ['authenticated', true, true]);
    assert.deepEqual((await events(page, 'session-login')).map((d) => d.user.email), [DEMO.email]);
    assert.equal(await page.evaluate(() => window.session.refresh()), true);
    await context.close();
  });
});

describe('Bknd with the sessions plugin on Redis', () => {
  let redis;
  let client;
  let rserver;
  before(async () => {
    redis = await startRedis();
    // Our own client, so the test closes it (a store's own client would retry the dead server forever).
    const { default: Redis } = await import('ioredis');
    client = new Redis(redis.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 200 });
    client.on('error', () => {}); // refused connections while Redis is stopped are the point of the test
    rserver = await startServer({ sessions: (m) => ({ accessTtl: 30, store: m.redisStore({ client }), storeTimeoutMs: 500 }) });
  });
  after(async () => {
    client?.disconnect();
    await rserver?.stop();
    await redis?.stop();
  });

  it('Redis stopped: refresh and check answer 503, the client shows offline and keeps the session while the token is valid', { timeout: 30_000 }, async () => {
    const context = await browser.newContext();
    const tabs = await openTabs(context, tabUrl(rserver.origin, {}), 1);
    await login(tabs);
    await redis.stop();
    const renewed = await tabs[0].evaluate(() => window.session.refresh());
    assert.equal(renewed, false);
    const s = await state(tabs[0]);
    assert.deepEqual([s.status, s.offline], ['authenticated', true]);
    const errors = await events(tabs[0], 'session-error');
    assert.deepEqual(errors.map((e) => e.code), ['server']);
    assert.deepEqual(await events(tabs[0], 'session-logout'), []);
    // A request meanwhile: 503 from the plugin, passed through; still signed in.
    assert.equal(await tabs[0].evaluate(async () => (await window.session.fetch('/api/auth/me')).status), 503);
    await sleep(500);
    assert.equal((await state(tabs[0])).status, 'authenticated');
    await context.close();
  });
});
