// Tokens never appear in a request URL, console output, event detail or BroadcastChannel message
// (outside storage="session" hand-offs), and cookie transport leaves none in JS-readable storage.
// Every one of those channels is recorded in real Chromium while two tabs sign in, refresh and
// sign out against real servers; the tokens are taken from the servers' responses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sleep, state, until } from './harness.mjs';
import { useServerAndBrowser } from './setup.mjs';

const env = useServerAndBrowser();

/** Opens recorded tabs: every posted channel message, console line and request URL is kept. */
async function recordedTabs(url, n) {
  const context = await env.browser.newContext();
  const seen = { urls: [], console: [], messages: [], tokens: new Set() };
  await context.addInitScript(() => {
    const post = BroadcastChannel.prototype.postMessage;
    window.__posted = [];
    BroadcastChannel.prototype.postMessage = function (m) {
      window.__posted.push(JSON.stringify(m));
      return post.call(this, m);
    };
  });
  context.on('request', (r) => seen.urls.push(r.url()));
  context.on('response', async (r) => {
    if (!/\/(login|refresh|register)$/.test(new URL(r.url()).pathname)) return;
    const body = await r.json().catch(() => ({}));
    for (const k of ['token', 'accessToken', 'refreshToken']) if (typeof body[k] === 'string') seen.tokens.add(body[k]);
    for (const c of (await r.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie'))
      seen.tokens.add(c.value.split(';')[0].split('=').slice(1).join('='));
  });
  const tabs = [];
  for (let i = 0; i < n; i++) {
    const p = await context.newPage();
    p.on('console', (m) => seen.console.push(m.text()));
    await p.goto(url);
    await p.evaluate(() => window.started);
    tabs.push(p);
  }
  const collect = async () => {
    for (const p of tabs) {
      seen.messages.push(...(await p.evaluate(() => window.__posted)));
      seen.details = [...(seen.details ?? []), ...(await p.evaluate(() => window.events.map((e) => JSON.stringify(e.detail))))];
    }
  };
  return { context, tabs, seen, collect };
}

function assertNoToken(seen) {
  const tokens = [...seen.tokens].filter((t) => t && t.length > 16);
  assert.ok(tokens.length > 0, 'the test saw tokens to look for');
  for (const [where, list] of Object.entries({ 'request URLs': seen.urls, console: seen.console, 'channel messages': seen.messages, 'event details': seen.details }))
    for (const item of list) for (const t of tokens) assert.ok(!decodeURIComponent(item).includes(t), `a token leaked into ${where}: ${item.slice(0, 80)}`);
  return tokens.length;
}

describe('security: where tokens go', () => {
  it('header transport + rotating refresh tokens: no token in URLs, console, events or channel messages', async () => {
    const rt = await env.server.hub('rt?accessTtl=4');
    const { context, tabs, seen, collect } = await recordedTabs(`${env.server.origin}/test/e2e/tab.html?${new URLSearchParams({ host: rt.host, backend: 'refresh', refreshBefore: 1, checkInterval: 1 })}`, 2);
    await tabs[0].evaluate(() => window.session.login({ email: 'user@example.com', password: 'password123' }));
    await sleep(4500); // automatic refreshes and checks happen
    await tabs[1].evaluate(() => window.session.refresh());
    await tabs[1].evaluate(() => window.session.fetch(window.session.config.backend ? location.origin + new URLSearchParams(location.search).get('host') + '/auth/me' : ''));
    await tabs[0].evaluate(() => window.session.login({ email: 'user@example.com', password: 'wrong' }).catch(() => {}));
    await tabs[1].evaluate(() => window.session.logout());
    await until(() => state(tabs[0]).then((s) => s.status === 'unauthenticated'), 3000, 'sign-out');
    await collect();
    const n = assertNoToken(seen);
    console.log(`# checked ${n} tokens against ${seen.urls.length} URLs, ${seen.console.length} console lines, ${seen.messages.length} channel messages, ${seen.details.length} event details`);
    await context.close();
  });

  it('cookie transport with Bknd: no token in localStorage, sessionStorage, URLs, console, events or messages', async () => {
    const { host } = await env.server.hub('bknd');
    const { context, tabs, seen, collect } = await recordedTabs(`${env.server.origin}/test/e2e/tab.html?${new URLSearchParams({ host, transport: 'cookie', checkInterval: 1 })}`, 2);
    await tabs[0].evaluate(() => window.session.login({ email: 'demo@example.com', password: 'demo-password' }));
    await until(() => state(tabs[1]).then((s) => s.status === 'authenticated'), 3000, 'sign-in reaches tab 2');
    await sleep(1500);
    const stores = await tabs[1].evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    for (const t of seen.tokens) assert.ok(!stores.includes(t.split('.').slice(0, 2).join('.')), 'no token in JS-readable storage or cookies');
    assert.ok(!/eyJ[\w-]+\.eyJ/.test(stores), 'nothing JWT-shaped in JS-readable storage');
    await tabs[0].evaluate(() => window.session.logout());
    await collect();
    assertNoToken(seen);
    await context.close();
  });

  // sessionStorage is per tab, so with storage="session" the storage cannot carry the session to
  // the other tabs: the sign-in, refresh and hand-off messages do (same origin only).
  it('storage="session": the token crosses the channel only in sign-in, refresh and hand-off messages', async () => {
    const { host } = await env.server.hub('bknd');
    const { context, tabs, seen, collect } = await recordedTabs(`${env.server.origin}/test/e2e/tab.html?${new URLSearchParams({ host, storage: 'session', checkInterval: 0 })}`, 1);
    await tabs[0].evaluate(() => window.session.login({ email: 'demo@example.com', password: 'demo-password' }));
    const p = await context.newPage();
    await p.goto(tabs[0].url());
    await p.evaluate(() => window.started);
    assert.equal((await state(p)).status, 'authenticated');
    tabs.push(p);
    await collect();
    const carrying = seen.messages.filter((m) => [...seen.tokens].some((t) => m.includes(t)));
    assert.deepEqual(carrying.map((m) => JSON.parse(m).t), ['login', 'handoff']);
    assert.ok(seen.messages.length > carrying.length, 'other messages were sent, without tokens');
    await context.close();
  });
});
