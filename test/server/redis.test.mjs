// Two Bknd instances (one database, as behind a load balancer) sharing one real Redis: revocation
// and rotation are seen across instances at once; keys are Cluster-safe and expire with sessions;
// Redis down is 503, never 401.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@libsql/client';
import { $console } from 'bknd/utils';
import Redis from 'ioredis';
import { loadPlugin, createApp, call, login, startRedis, USERS } from './helpers.mjs';

$console.disable();
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
let plugin, redis, A, B, storeA, storeB, inspect;

before(async () => {
  plugin = await loadPlugin();
  redis = await startRedis();
  const db = createClient({ url: ':memory:' });
  storeA = plugin.redisStore({ url: redis.url });
  storeB = plugin.redisStore({ url: redis.url });
  A = await createApp({ db, plugins: [plugin.sessions({ store: storeA, accessTtl: 60, graceSeconds: 1 })] });
  B = await createApp({ db, seed: false, plugins: [plugin.sessions({ store: storeB, accessTtl: 60, graceSeconds: 1 })] });
  inspect = new Redis(redis.url);
});

after(async () => {
  inspect?.disconnect();
  await storeA?.close();
  await storeB?.close();
  await redis?.stop();
});

test('a session started on A works on B; revoke on A and B refuses the very next request', async () => {
  const l = await login(A);
  assert.equal((await call(B, 'GET', '/api/auth/me', { token: l.json.token })).status, 200);
  const other = await login(B);
  const r = await call(A, 'POST', '/api/auth/sessions/revoke', { token: l.json.token, body: { scope: 'others' } });
  assert.ok(r.json.revoked >= 1);
  const me = await call(B, 'GET', '/api/auth/me', { token: other.json.token });
  assert.equal(me.status, 401);
  assert.deepEqual(me.json, { error: 'session_revoked' });
  await call(A, 'GET', '/api/auth/logout', { token: l.json.token });
  assert.equal((await call(B, 'GET', '/api/data/entity/users', { token: l.json.token })).json.error, 'session_revoked');
});

test('rotate on B, the old token on A inside the window gets the same successor; after it, refused and the session ends', async () => {
  const l = await login(A, USERS[1]);
  const onB = await call(B, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(onB.status, 200);
  const onA = await call(A, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(onA.json.refresh_token, onB.json.refresh_token);
  await wait(1100);
  const late = await call(A, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(late.status, 401);
  assert.deepEqual(late.json, { error: 'invalid_grant' });
  assert.equal((await call(B, 'GET', '/api/auth/me', { token: onB.json.token })).json.error, 'session_revoked');
});

test('8 concurrent refreshes split over both instances: one successor, one session', async () => {
  const l = await login(A);
  const all = await Promise.all(
    Array.from({ length: 8 }, (_, i) => call(i % 2 ? A : B, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } })),
  );
  assert.deepEqual(all.map((r) => r.status), Array(8).fill(200));
  assert.equal(new Set(all.map((r) => r.json.refresh_token)).size, 1);
  const sid = claims(l.json.token).sid;
  assert.equal((await call(B, 'GET', '/api/auth/sessions', { token: all[0].json.token })).json.sessions.filter((s) => s.id === sid).length, 1);
});

test('keys: one hash per session with a {sid} hash tag, expiring with the session; only hashes stored', async () => {
  const l = await login(A);
  const sid = claims(l.json.token).sid;
  const key = `se:s:{${sid}}`;
  const h = await inspect.hgetall(key);
  assert.equal(h.uid, String(l.json.user.id));
  assert.ok(!Object.values(h).includes(l.json.refresh_token), 'the refresh token itself is not stored');
  const ttl = await inspect.pttl(key);
  assert.ok(ttl > 0 && ttl <= 7 * 86400 * 1000, `PTTL ${ttl}`);
  assert.ok(await inspect.sismember(`se:u:{${l.json.user.id}}`, sid));
  assert.ok((await inspect.pttl(`se:u:{${l.json.user.id}}`)) > 0, 'the user index expires too');
  await call(A, 'DELETE', `/api/auth/sessions/${sid}`, { token: l.json.token });
  assert.equal(await inspect.exists(key), 0);
});

test('redisStore needs exactly one of url and client', () => {
  assert.throws(() => plugin.redisStore({}), TypeError);
  assert.throws(() => plugin.redisStore({ url: 'redis://x', client: {} }), TypeError);
});

// Last: stops Redis.
test('Redis stopped: refresh, the per-request check and sign-in are 503 store_unavailable, never 401', async () => {
  const l = await login(A);
  await redis.stop();
  const r = await call(A, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(r.status, 503);
  assert.deepEqual(r.json, { error: 'store_unavailable' });
  for (const path of ['/api/auth/me', '/api/data/entity/users', '/api/auth/sessions']) {
    const res = await call(B, 'GET', path, { token: l.json.token });
    assert.equal(res.status, 503, path);
    assert.deepEqual(res.json, { error: 'store_unavailable' });
  }
  const again = await login(B);
  assert.equal(again.status, 503);
  assert.equal(again.json.token, undefined);
});
