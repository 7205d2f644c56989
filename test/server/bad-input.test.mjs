// Bad input gets a 4xx JSON error, never a 5xx, never a new token; faults get 503 JSON, never 401;
// a plugin that cannot do its job stops Bknd from starting.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@libsql/client';
import { $console } from 'bknd/utils';
import { loadPlugin, createApp, call, login, signToken, USERS, SECRET } from './helpers.mjs';

$console.disable();
let plugin, app;
before(async () => {
  plugin = await loadPlugin();
  app = await createApp({ plugins: [plugin.sessions({ accessTtl: 60, graceSeconds: 0 })] });
});

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
/** 4xx, JSON with a string `error`, and nothing that could be used as a credential. */
function refused(r, status, error) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 200)}`);
  assert.equal(typeof r.json, 'object', r.text.slice(0, 200));
  // Ours carry `error`; a token Bknd itself refuses gets Bknd's own 403 {"user":null}.
  if (error) assert.equal(r.json.error, error);
  else assert.ok(typeof r.json.error === 'string' || r.json.user === null, r.text.slice(0, 200));
  assert.equal(r.json.token, undefined);
  assert.equal(r.json.refresh_token, undefined);
  assert.ok(!r.headers.getSetCookie().some((c) => /^(auth|session_refresh)=[^;]/.test(c)), 'no credential cookie');
}
const refresh = (body, opts = {}) => call(app, 'POST', '/api/auth/refresh', { body, ...opts });

test('refresh: garbage, forged, JWTs and tokens of ended sessions are 401 invalid_grant', async () => {
  const l = await login(app);
  const sid = claims(l.json.token).sid;
  const forgedSecret = `${sid}.${'A'.repeat(43)}`; // names a live session, wrong secret
  for (const token of ['garbage', '', 'a.b', `${'x'.repeat(22)}.${'y'.repeat(43)}`, forgedSecret, l.json.token, `${l.json.refresh_token}x`, ' '.repeat(66)]) {
    refused(await refresh({ refresh_token: token }), 401, 'invalid_grant');
  }
  // the forged token did not end the session it named
  assert.equal((await refresh({ refresh_token: l.json.refresh_token })).status, 200);
  // a Bknd token without sid as a refresh token
  refused(await refresh({ refresh_token: await signToken({ id: 1, email: USERS[0].email, role: 'user' }) }), 401, 'invalid_grant');
  // a revoked session's refresh token
  const r = await login(app);
  await call(app, 'GET', '/api/auth/logout', { token: r.json.token });
  refused(await refresh({ refresh_token: r.json.refresh_token }), 401, 'invalid_grant');
  // an expired one (graceSeconds 0: the replaced token is dead once rotated; replaying it ends the session)
  const e = await login(app);
  const e1 = await refresh({ refresh_token: e.json.refresh_token });
  await new Promise((res) => setTimeout(res, 5));
  refused(await refresh({ refresh_token: e.json.refresh_token }), 401, 'invalid_grant');
  refused(await refresh({ refresh_token: e1.json.refresh_token }), 401, 'invalid_grant');
});

test('refresh: malformed bodies are 400 invalid_request (empty, {}, not JSON, an array, a number, 100 kB)', async () => {
  const big = JSON.stringify({ refresh_token: 'x'.repeat(100_000) });
  for (const raw of ['', '{}', 'not json', '[1]', '42', big, JSON.stringify({ refresh_token: 42 })]) {
    refused(await call(app, 'POST', '/api/auth/refresh', { raw, headers: { 'content-type': 'application/json' } }), 400, 'invalid_request');
  }
  // 100 kB without a length header (chunked stream)
  const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
  const res = await app.fetch(new Request('http://localhost/api/auth/refresh', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } }));
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: 'invalid_request' });
});

test('access tokens: without sid 401 session_required; forged, wrong alg and far-future iat are refused; slight skew is tolerated', async () => {
  const base = { id: 1, email: USERS[0].email, role: 'user' };
  const noSid = await signToken(base);
  for (const path of ['/api/auth/me', '/api/data/entity/users', '/api/auth/sessions']) {
    refused(await call(app, 'GET', path, { token: noSid }), 401, 'session_required');
  }
  const l = await login(app);
  const sid = claims(l.json.token).sid;
  // forged: right claims, wrong secret -> Bknd treats it as anonymous (403 on /me), never a 5xx
  const forged = await signToken({ ...base, sid }, { secret: 'another-secret-0123456789-0123456789' });
  refused(await call(app, 'GET', '/api/auth/me', { token: forged }), 403);
  const { SignJWT } = await import('jose');
  const hs512 = await new SignJWT({ ...base, sid, iss: 'se-test' }).setProtectedHeader({ alg: 'HS512' }).setIssuedAt().setExpirationTime('1m').sign(new TextEncoder().encode(SECRET));
  refused(await call(app, 'GET', '/api/auth/me', { token: hs512 }), 403);
  const now = Math.floor(Date.now() / 1000);
  // an instance whose clock is 3 s ahead: within clockSkew (5 s), accepted by the gate and by Bknd
  const skewed = await signToken({ ...base, sid, iat: now + 3, exp: now + 63 });
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: skewed })).status, 200);
  assert.equal((await call(app, 'GET', '/api/data/entity/users', { token: skewed })).status, 200);
  // 60 s ahead: refused (anonymous to Bknd)
  refused(await call(app, 'GET', '/api/auth/me', { token: await signToken({ ...base, sid, iat: now + 60, exp: now + 120 }) }), 403);
  // expired: refused
  refused(await call(app, 'GET', '/api/auth/me', { token: await signToken({ ...base, sid, iat: now - 120, exp: now - 60 }) }), 403);
  // a refresh token as an access token
  refused(await call(app, 'GET', '/api/auth/me', { token: l.json.refresh_token }), 403);
});

test('migration: legacyTokensUntil accepts Bknd tokens without sid until then, and not after', async () => {
  const open = await createApp({ plugins: [plugin.sessions({ legacyTokensUntil: Date.now() + 3600_000 })] });
  const closed = await createApp({ plugins: [plugin.sessions({ legacyTokensUntil: new Date(Date.now() - 1000).toISOString() })] });
  const noSid = await signToken({ id: 1, email: USERS[0].email, role: 'user' });
  assert.equal((await call(open, 'GET', '/api/auth/me', { token: noSid })).status, 200);
  refused(await call(closed, 'GET', '/api/auth/me', { token: noSid }), 401, 'session_required');
  assert.throws(() => plugin.sessions({ legacyTokensUntil: 'soon' }), TypeError);
  assert.throws(() => plugin.sessions({ accessTtl: 0 }), TypeError);
  assert.throws(() => plugin.sessions({ idleTtl: Number.NaN }), TypeError);
});

test('the sessions entity is closed to the data API (GET, POST, PATCH, DELETE): 403 JSON', async () => {
  const l = await login(app);
  const t = { token: l.json.token };
  refused(await call(app, 'GET', '/api/data/entity/users_sessions', t), 403);
  refused(await call(app, 'GET', '/api/data/entity/users_sessions/1', t), 403);
  refused(await call(app, 'POST', '/api/data/entity/users_sessions/query', { ...t, body: {} }), 403);
  refused(await call(app, 'POST', '/api/data/entity/users_sessions', { ...t, body: { sid: 'x', user_id: '1', token_hash: 'h', created_at: '1', last_used_at: '1', expires_at: '9999999999999', absolute_expires_at: '9999999999999' } }), 403);
  refused(await call(app, 'PATCH', '/api/data/entity/users_sessions/1', { ...t, body: { expires_at: '9999999999999' } }), 403);
  refused(await call(app, 'DELETE', '/api/data/entity/users_sessions/1', t), 403);
  // anonymous too
  refused(await call(app, 'GET', '/api/data/entity/users_sessions'), 403);
  assert.equal((await call(app, 'GET', '/api/auth/me', t)).status, 200, 'the session still works');
});

test('session routes: no token is 401; bad scope is 400; another user\'s session id is 404', async () => {
  refused(await call(app, 'GET', '/api/auth/sessions'), 401, 'unauthorized');
  refused(await call(app, 'DELETE', '/api/auth/sessions/abc'), 401, 'unauthorized');
  refused(await call(app, 'POST', '/api/auth/sessions/revoke', { body: { scope: 'global' } }), 401, 'unauthorized');
  const a = await login(app);
  const b = await login(app, USERS[1]);
  for (const body of [{}, { scope: 'all' }, { scope: ['global'] }]) {
    refused(await call(app, 'POST', '/api/auth/sessions/revoke', { token: a.json.token, body }), 400, 'invalid_request');
  }
  refused(await call(app, 'POST', '/api/auth/sessions/revoke', { token: a.json.token, raw: 'x'.repeat(100_000) }), 400, 'invalid_request');
  refused(await call(app, 'DELETE', `/api/auth/sessions/${claims(b.json.token).sid}`, { token: a.json.token }), 404, 'not_found');
  refused(await call(app, 'DELETE', '/api/auth/sessions/does-not-exist', { token: a.json.token }), 404, 'not_found');
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: b.json.token })).status, 200);
});

test('a database write failure: sign-in, refresh and the check answer 503 store_unavailable, never 401', async () => {
  const db = createClient({ url: ':memory:' });
  const broken = await createApp({ db, plugins: [plugin.sessions()] });
  const l = await login(broken);
  assert.equal(l.status, 200);
  await db.execute('DROP TABLE users_sessions');
  const l2 = await login(broken);
  assert.equal(l2.status, 503);
  assert.deepEqual(l2.json, { error: 'store_unavailable' });
  assert.ok(!l2.headers.getSetCookie().some((c) => /^auth=[^;]/.test(c)), 'no auth cookie without a session');
  const r = await call(broken, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(r.status, 503);
  assert.deepEqual(r.json, { error: 'store_unavailable' });
  for (const path of ['/api/auth/sessions', '/api/data/entity/users']) {
    const res = await call(broken, 'GET', path, { token: l.json.token, headers: { origin: 'http://app.example' } });
    assert.equal(res.status, 503, path);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://app.example');
  }
});

test('fail closed: a short secret, disabled auth, or the plugin running after Bknd\'s routes stop Bknd from starting', async () => {
  await assert.rejects(createApp({ seed: false, plugins: [plugin.sessions()], jwt: { secret: 'short-secret' } }), /at least 32 characters/);
  const dev = await createApp({ seed: false, plugins: [plugin.sessions({ development: true })], jwt: { secret: 'short-secret' } });
  assert.equal((await call(dev, 'GET', '/api/auth/me')).status, 403, 'development allows it');
  const slow = (app) => ({ name: 'slow', onServerInit: async () => { await new Promise((r) => setTimeout(r, 5)); } });
  await assert.rejects(createApp({ seed: false, plugins: [slow, plugin.sessions()] }), /does not run before Bknd's routes/);
  const { createRuntimeApp } = await import('bknd/adapter');
  const { libsql } = await import('bknd');
  await assert.rejects(
    createRuntimeApp({ connection: libsql(createClient({ url: ':memory:' })), adminOptions: false, config: { auth: { enabled: false } }, options: { plugins: [plugin.sessions()] } }),
    /auth is not enabled/,
  );
});
