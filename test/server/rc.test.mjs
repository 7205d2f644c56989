// The main flow on Bknd 0.21 RC (`bknd-rc`), with the plugin built against it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { $console } from 'bknd-rc/utils';
import { loadPlugin, createApp, call, login, USERS } from './helpers.mjs';

$console.disable();
let plugin, app;
before(async () => {
  plugin = await loadPlugin({ rc: true });
  app = await createApp({ rc: true, plugins: [plugin.sessions({ accessTtl: 60 })] });
});

test('Bknd 0.21 RC: sign-in, rotation with grace, logout refused at once everywhere, entity closed', async () => {
  const l = await login(app);
  assert.equal(l.status, 200);
  assert.equal(l.json.expires_in, 60);
  const r1 = await call(app, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(r1.status, 200);
  const replay = await call(app, 'POST', '/api/auth/refresh', { body: { refresh_token: l.json.refresh_token } });
  assert.equal(replay.json.refresh_token, r1.json.refresh_token);
  assert.equal((await call(app, 'GET', '/api/auth/me', { token: r1.json.token })).json.user.email, USERS[0].email);
  assert.equal((await call(app, 'GET', '/api/data/entity/users_sessions', { token: r1.json.token })).status, 403);
  const list = await call(app, 'GET', '/api/auth/sessions', { token: r1.json.token });
  assert.equal(list.json.sessions.filter((s) => s.current).length, 1);
  assert.equal((await call(app, 'GET', '/api/auth/logout', { token: r1.json.token })).status, 200);
  for (const path of ['/api/auth/me', '/api/data/entity/users']) {
    assert.deepEqual((await call(app, 'GET', path, { token: r1.json.token })).json, { error: 'session_revoked' }, path);
  }
  assert.equal((await call(app, 'POST', '/api/auth/refresh', { body: { refresh_token: r1.json.refresh_token } })).status, 401);
});

test('Bknd 0.21 RC: the start-up check still refuses a plugin order that lets Bknd\'s routes run first', async () => {
  const slow = () => ({ name: 'slow', onServerInit: async () => { await new Promise((r) => setTimeout(r, 5)); } });
  await assert.rejects(createApp({ rc: true, seed: false, plugins: [slow, plugin.sessions()] }), /does not run before Bknd's routes/);
});
