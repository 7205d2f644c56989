// `controller.fetch` sends credentials only where they belong (issue 17, finding 3): a relative URL
// is the auth server's (`host`), and the bearer token (or the cookie) goes only to the auth server's
// origin and to `fetchOrigins`. Tiny servers here record the headers they got; `localhost` and
// `127.0.0.1` (one listener, two origins) and extra ports make the other origins. Real Bknd, real Chromium.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { DEMO_USER, createBknd } from '../../scripts/servers.mjs';
import { launch, startServer } from './harness.mjs';

let server;
let browser;
let bkndApp;
const seen = []; // { at, url, authorization, cookie }
const servers = [];

/** A server on 127.0.0.1 that records every request and answers with CORS for any origin; `/api/*` is Bknd when `bknd`. */
async function recorder(name, bknd) {
  const http = createServer(async (req, res) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'authorization, content-type, accept', 'access-control-allow-methods': 'GET, POST',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    seen.push({ at: name, url: `http://${req.headers.host}${req.url}`, authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null });
    if (!(bknd && req.url.startsWith('/api/'))) return res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{"ok":true}');
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const answer = await bknd.fetch(new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method, headers: Object.entries(req.headers).filter(([, v]) => typeof v === 'string'), body: chunks.length ? Buffer.concat(chunks) : undefined,
    }));
    const headers = { ...cors, 'content-type': answer.headers.get('content-type') ?? 'application/json' };
    res.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  servers.push(http);
  return http.address().port;
}

before(async () => {
  server = await startServer();
  browser = await launch();
  bkndApp = await createBknd({ users: [DEMO_USER] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  for (const s of servers) s.close();
});

/** What `session.fetch(url)` delivered: the one request the servers saw for this `n`. */
async function sent(page, url) {
  const before = seen.length;
  await page.evaluate((u) => window.session.fetch(u).then((r) => r.status, () => 'failed'), url);
  const got = seen.slice(before);
  assert.equal(got.length, 1, `one request for ${url}: ${JSON.stringify(got)}`);
  return got[0];
}

test('header transport: the bearer token goes to the auth server (relative URLs too) and to fetch-origins, nowhere else', { timeout: 60_000 }, async () => {
  const auth = await recorder('auth', bkndApp);
  const listed = await recorder('listed');
  const unlisted = await recorder('unlisted');
  const host = `http://localhost:${auth}`;
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.origin}/test/e2e/tab.html?host=${encodeURIComponent(host)}&fetchOrigins=${encodeURIComponent(`http://127.0.0.1:${listed}`)}`);
  await page.evaluate(() => window.started);
  await page.evaluate((u) => window.session.login(u), DEMO_USER);
  const token = await page.evaluate(() => localStorage.getItem('auth'));
  const bearer = `Bearer ${token}`;

  // A relative URL is the auth server's, not the page's (the page is the dev server on another port).
  assert.deepEqual(await sent(page, '/echo?n=1'), { at: 'auth', url: `${host}/echo?n=1`, authorization: bearer, cookie: null });
  assert.equal((await sent(page, 'echo?n=2')).url, `${host}/echo?n=2`);
  assert.equal((await sent(page, `${host}/api/auth/me`)).authorization, bearer);
  assert.equal((await sent(page, `http://127.0.0.1:${listed}/data`)).authorization, bearer, 'a listed origin gets it');
  for (const url of [`http://localhost:${listed}/data`, `http://127.0.0.1:${unlisted}/data`, `http://127.0.0.1:${auth}/echo`]) {
    const got = await sent(page, url);
    assert.equal(got.url, url);
    assert.equal(got.authorization, null, `no token to ${url}`);
  }
  // A caller's own headers to another origin are its business: passed on untouched.
  const own = await page.evaluate((u) => window.session.fetch(u, { headers: { authorization: 'Basic abc' } }).then((r) => r.status), `http://127.0.0.1:${unlisted}/own`);
  assert.equal(own, 200);
  assert.equal(seen.at(-1).authorization, 'Basic abc');
  await page.context().close();
});

test('cookie transport: credentials are included for the auth server and fetch-origins only', { timeout: 60_000 }, async () => {
  const listed = await recorder('listed');
  const unlisted = await recorder('unlisted');
  const page = await (await browser.newContext()).newPage();
  // The page and its Bknd (the hub, same origin) on 127.0.0.1: the `auth` cookie is one for every port of it.
  await page.goto(`${server.origin}/test/e2e/tab.html?transport=cookie&fetchOrigins=${encodeURIComponent(`http://127.0.0.1:${listed}`)}`);
  await page.evaluate(() => window.started);
  await page.evaluate((u) => window.session.login(u), DEMO_USER);
  assert.equal(await page.evaluate(() => window.session.fetch('/api/auth/me').then((r) => r.status)), 200, 'relative: the auth server, with the cookie');
  assert.match((await sent(page, `http://127.0.0.1:${listed}/data`)).cookie ?? '', /(^|; )auth=/, 'a listed origin gets the cookie');
  assert.equal((await sent(page, `http://127.0.0.1:${unlisted}/data`)).cookie, null, 'an unlisted origin does not');
  assert.equal((await sent(page, `http://localhost:${listed}/data`)).cookie, null, 'nor the listed port under another name');
  await page.context().close();
});

test('a bad fetch-origins value is a config error; the good ones stay', { timeout: 60_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.origin}/test/e2e/tab.html?fetchOrigins=${encodeURIComponent('https://api.example.com http://127.0.0.1:1/path nonsense')}`);
  await page.evaluate(() => window.started);
  const errors = await page.evaluate(() => window.events.filter((e) => e.type === 'session-error').map((e) => e.detail.code));
  assert.deepEqual(errors, ['config', 'config']);
  assert.equal(await page.evaluate(() => window.session.config.fetchOrigins), 'https://api.example.com');
  await page.context().close();
});
