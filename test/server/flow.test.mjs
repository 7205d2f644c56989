// The design's flow on one Bknd instance with the default store (an entity in Bknd's database):
// every sign-in starts a session, refresh rotates with a grace window, lifetimes end sessions,
// logout and the session routes revoke at once on every route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { $console } from 'bknd/utils';
import { loadPlugin, createApp, call, login, USERS } from './helpers.mjs';

$console.disable();
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
let plugin, app;

before(async () => {
  plugin = await loadPlugin();
  app = await createApp({ plugins: [plugin.sessions({ accessTtl: 60, graceSeconds: 1 })] });
});

const refresh = (rt) => call(app, 'POST', '/api/auth/refresh', { body: { refresh_token: rt } });
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));

test('password login and register answer with a session-bound access token, refresh_token and expires_in', async () => {
  for (const res of [await login(app), await call(app, 'POST', '/api/auth/password/register', { body: { email: 'new@example.com', password: 'password-new-1' } })]) {
    assert.equal(res.status, 200);
    assert.equal(res.json.expires_in, 60);
    assert.match(res.json.refresh_token, /^[\w-]{22}\.[\w-]{43}$/);
    const c = claims(res.json.token);
    assert.equal(c.sid, res.json.refresh_token.split('.')[0]);
    assert.equal(c.exp - c.iat, 60);
    assert.equal((await call(app, 'GET', '/api/auth/me', { token: res.json.token })).json.user.email, res.json.user.email);
  }
});

test('refresh rotates: a new pair, the old token replayed inside the grace window gets the same successor', async () => {
  const l = await login(app);
  const r1 = await refresh(l.json.refresh_token);
  assert.equal(r1.status, 200);
  assert.deepEqual(Object.keys(r1.json).sort(), ['expires_in', 'refresh_token', 'token']);
  assert.notEqual(r1.json.refresh_token, l.json.refresh_token);
  assert.equal(claims(r1.json.token).sid, claims(l.json.token).sid);
  const replay = await refresh(l.json.refresh_token);
  assert.equal(replay.status, 200);
  assert.equal(replay.json.refresh_token, r1.json.refresh_token, 'same successor');
  assert.equal((await refresh(r1.json.refresh_token)).status, 200, 'the successor works once');
});

test('a replay after the grace window revokes the whole session (401 invalid_grant on refresh, session_revoked on /me)', async () => {
  const l = await login(app);
  const r1 = await refresh(l.json.refresh_token);
  await wait(1100);
  const late = await refresh(l.json.refresh_token);
  assert.equal(late.status, 401);
  assert.deepEqual(late.json, { error: 'invalid_grant' });
  assert.equal((await refresh(r1.json.refresh_token)).status, 401, 'the successor died with the session');
  const me = await call(app, 'GET', '/api/auth/me', { token: r1.json.token });
  assert.equal(me.status, 401);
  assert.deepEqual(me.json, { error: 'session_revoked' });
});

test('8 concurrent refreshes with one token inside the window: all 200, one successor, one session', async () => {
  const l = await login(app, USERS[1]);
  const before = (await call(app, 'GET', '/api/auth/sessions', { token: l.json.token })).json.sessions.length;
  const all = await Promise.all(Array.from({ length: 8 }, () => refresh(l.json.refresh_token)));
  assert.deepEqual(all.map((r) => r.status), Array(8).fill(200));
  assert.equal(new Set(all.map((r) => r.json.refresh_token)).size, 1);
  const list = (await call(app, 'GET', '/api/auth/sessions', { token: all[0].json.token })).json.sessions;
  assert.equal(list.length, before);
  assert.equal((await refresh(all[0].json.refresh_token)).status, 200);
});

test('idleTtl (sliding) and refreshTtl (absolute) end sessions', async () => {
  const short = await createApp({ plugins: [plugin.sessions({ accessTtl: 60, idleTtl: 1, refreshTtl: 3600 })] });
  const abs = await createApp({ plugins: [plugin.sessions({ accessTtl: 60, idleTtl: 3600, refreshTtl: 2 })] });
  const a = await login(short);
  // idle: a refresh inside idleTtl slides it; then nothing for longer than idleTtl ends it
  await wait(600);
  const a1 = await call(short, 'POST', '/api/auth/refresh', { body: { refresh_token: a.json.refresh_token } });
  assert.equal(a1.status, 200);
  await wait(600);
  const a2 = await call(short, 'POST', '/api/auth/refresh', { body: { refresh_token: a1.json.refresh_token } });
  assert.equal(a2.status, 200, 'slid: 1.2 s after sign-in but 0.6 s after the last use');
  await wait(1100);
  assert.equal((await call(short, 'POST', '/api/auth/refresh', { body: { refresh_token: a2.json.refresh_token } })).status, 401);
  assert.equal((await call(short, 'GET', '/api/auth/me', { token: a2.json.token })).json.error, 'session_revoked');
  // absolute: refreshing does not extend past refreshTtl
  const b = await login(abs);
  await wait(800);
  const b1 = await call(abs, 'POST', '/api/auth/refresh', { body: { refresh_token: b.json.refresh_token } });
  assert.equal(b1.status, 200);
  assert.ok(b1.json && claims(b1.json.token).sid);
  const list = (await call(abs, 'GET', '/api/auth/sessions', { token: b1.json.token })).json.sessions;
  assert.ok(list[0].expiresAt - list[0].createdAt <= 2000, 'expiresAt capped by refreshTtl');
  await wait(2000 - (Date.now() - list[0].createdAt) + 100);
  assert.equal((await call(abs, 'POST', '/api/auth/refresh', { body: { refresh_token: b1.json.refresh_token } })).status, 401);
});

test('logout: the old access token is refused at once by /me and /api/data; its refresh token is dead', async () => {
  const l = await login(app);
  assert.equal((await call(app, 'GET', '/api/data/entity/users', { token: l.json.token })).status, 200);
  const out = await call(app, 'GET', '/api/auth/logout', { token: l.json.token });
  assert.equal(out.status, 200);
  assert.ok(out.headers.getSetCookie().some((c) => /^session_refresh=;.*Max-Age=0/.test(c)));
  for (const path of ['/api/auth/me', '/api/data/entity/users', '/api/auth/sessions']) {
    const r = await call(app, 'GET', path, { token: l.json.token });
    assert.equal(r.status, 401, path);
    assert.deepEqual(r.json, { error: 'session_revoked' }, path);
  }
  assert.deepEqual((await refresh(l.json.refresh_token)).json, { error: 'invalid_grant' });
});

test('sessions: list with device labels and current; delete one of mine; another user\'s id is 404', async () => {
  const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
  const a = await call(app, 'POST', '/api/auth/password/login', { body: USERS[0], headers: { 'user-agent': firefox } });
  const b = await login(app);
  const other = await login(app, USERS[1]);
  const list = (await call(app, 'GET', '/api/auth/sessions', { token: b.json.token })).json.sessions;
  const sidA = claims(a.json.token).sid;
  const rowA = list.find((s) => s.id === sidA);
  assert.equal(rowA.device, 'Firefox on Windows');
  assert.equal(rowA.current, false);
  assert.equal(list.filter((s) => s.current).length, 1);
  for (const k of ['createdAt', 'lastUsedAt', 'expiresAt']) assert.equal(typeof rowA[k], 'number');
  const theirs = claims(other.json.token).sid;
  const del = await call(app, 'DELETE', `/api/auth/sessions/${theirs}`, { token: b.json.token });
  assert.equal(del.status, 404);
  assert.deepEqual(del.json, { error: 'not_found' });
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: other.json.token })).status, 200, 'untouched');
  const mine = await call(app, 'DELETE', `/api/auth/sessions/${sidA}`, { token: b.json.token });
  assert.deepEqual(mine.json, { ok: true });
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: a.json.token })).json.error, 'session_revoked');
});

test('revoke others keeps the current session; global ends it too; revokeUserSessions from server code', async () => {
  const a = await login(app, USERS[1]);
  const b = await login(app, USERS[1]);
  const others = await call(app, 'POST', '/api/auth/sessions/revoke', { token: b.json.token, body: { scope: 'others' } });
  assert.equal(others.status, 200);
  assert.ok(others.json.ok && others.json.revoked >= 1);
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: a.json.token })).json.error, 'session_revoked');
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: b.json.token })).status, 200);
  const global = await call(app, 'POST', '/api/auth/sessions/revoke', { token: b.json.token, body: { scope: 'global' } });
  assert.deepEqual(global.json, { ok: true, revoked: 1 });
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: b.json.token })).json.error, 'session_revoked');
  const c = await login(app, USERS[1]);
  assert.equal(await plugin.revokeUserSessions(app, c.json.user.id), 1);
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: c.json.token })).status, 401);
  assert.equal((await refresh(c.json.refresh_token)).status, 401);
});

test('cookie transport: the refresh token is an httpOnly cookie scoped to /api/auth; refresh re-sets it and auth', async () => {
  const l = await login(app, USERS[0], '?transport=cookie');
  assert.equal(l.status, 200);
  assert.equal(l.json.refresh_token, undefined);
  assert.equal(l.json.refresh_cookie, true);
  const set = l.headers.getSetCookie().find((c) => c.startsWith('session_refresh='));
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  assert.match(set, /Path=\/api\/auth/);
  assert.doesNotMatch(set, /Secure/, 'plain http on localhost');
  const cookie = set.split(';')[0];
  const origin = 'http://localhost';
  const r = await call(app, 'POST', '/api/auth/refresh', { headers: { cookie, origin } });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json).sort(), ['expires_in', 'refresh_cookie', 'token']);
  const cookies = r.headers.getSetCookie();
  assert.ok(cookies.some((c) => c.startsWith('session_refresh=') && !c.startsWith(cookie)));
  assert.ok(cookies.some((c) => c.startsWith('auth=') && c.includes(encodeURIComponent(r.json.token).slice(0, 40))));
  // the access JWT in the new auth cookie is accepted by Bknd
  const auth = cookies.find((c) => c.startsWith('auth=')).split(';')[0];
  assert.equal((await call(app, 'GET', '/api/auth/me', { headers: { cookie: auth } })).status, 200);
  // from another origin: refused, nothing spent
  const evil = await call(app, 'POST', '/api/auth/refresh', { headers: { cookie, origin: 'http://evil.example' } });
  assert.equal(evil.status, 403);
  assert.deepEqual(evil.json, { error: 'forbidden_origin' });
  const noOrigin = await call(app, 'POST', '/api/auth/refresh', { headers: { cookie } });
  assert.equal(noOrigin.status, 403);
});

test('a redirect (form) sign-in gets the refresh cookie; logout by the refresh cookie ends the session', async () => {
  const res = await app.fetch(
    new Request('http://localhost/api/auth/password/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(USERS[0]),
    }),
  );
  assert.equal(res.status, 302);
  const cookies = res.headers.getSetCookie();
  const rc = cookies.find((c) => c.startsWith('session_refresh='));
  assert.ok(rc, 'refresh cookie on the redirect');
  const cookie = rc.split(';')[0];
  const r = await call(app, 'POST', '/api/auth/refresh', { headers: { cookie, origin: 'http://localhost' } });
  assert.equal(r.status, 200);
  const next = r.headers.getSetCookie().find((c) => c.startsWith('session_refresh=')).split(';')[0];
  const out = await call(app, 'GET', '/api/auth/logout', { headers: { cookie: next } });
  assert.equal(out.status, 200);
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: r.json.token })).json.error, 'session_revoked');
});

test('every plugin answer carries Bknd\'s CORS headers, early 401s included', async () => {
  const l = await login(app);
  await call(app, 'GET', '/api/auth/logout', { token: l.json.token });
  const origin = 'http://app.example';
  for (const [method, path, opts] of [
    ['GET', '/api/auth/me', { token: l.json.token }],
    ['GET', '/api/data/entity/users', { token: l.json.token }],
    ['POST', '/api/auth/refresh', { body: { refresh_token: 'nope' } }],
    ['GET', '/api/auth/sessions', {}],
  ]) {
    const r = await call(app, method, path, { ...opts, headers: { origin } });
    assert.ok(r.status >= 400, `${path} ${r.status}`);
    assert.equal(r.headers.get('access-control-allow-origin'), origin, path);
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true', path);
  }
});

test('Bknd\'s own emailOTP plugin sign-in starts a session too', async () => {
  const { emailOTP } = await import('bknd/plugins');
  const { createClient } = await import('@libsql/client');
  const db = createClient({ url: ':memory:' });
  const otpApp = await createApp({ db, plugins: [plugin.sessions({ accessTtl: 60 }), emailOTP({ sendEmail: false })] });
  const ask = await call(otpApp, 'POST', '/api/auth/otp/login', { body: { email: USERS[0].email } });
  assert.equal(ask.status, 201, ask.text);
  const { rows } = await db.execute({ sql: 'SELECT code FROM users_otp WHERE email = ? ORDER BY id DESC LIMIT 1', args: [USERS[0].email] });
  const res = await call(otpApp, 'POST', '/api/auth/otp/login', { body: { email: USERS[0].email, code: String(rows[0].code) } });
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.refresh_token, /^[\w-]{22}\.[\w-]{43}$/);
  assert.equal(claims(res.json.token).sid, res.json.refresh_token.split('.')[0]);
  const r = await call(otpApp, 'POST', '/api/auth/refresh', { body: { refresh_token: res.json.refresh_token } });
  assert.equal(r.status, 200);
});
