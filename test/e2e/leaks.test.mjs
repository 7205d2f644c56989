// 1000 mount/unmount cycles of a provider with children (guard, user, login form, logout button,
// expiry warning) leave no live timers, window/document listeners, BroadcastChannels or Web Locks.
// test/bench/probe.js counts every acquisition and release on the page.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { useServerAndBrowser } from './setup.mjs';

const env = useServerAndBrowser();

it('1000 mount/unmount cycles of a signed-in provider leave nothing live', async () => {
  const { host } = await env.server.hub('bknd');
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const q = new URLSearchParams({ cdn: '/src/index.ts', host, 'check-interval': '60', 'idle-timeout': '600' });
  await page.goto(`${env.server.origin}/test/bench/page.html?${q}`);
  await page.evaluate('window.ready');
  const result = await page.evaluate(async () => {
    const provider = document.querySelector('session-provider');
    provider.insertAdjacentHTML('beforeend', '<login-form></login-form><logout-button></logout-button><session-expiry-warning></session-expiry-warning>');
    await provider.login({ email: 'demo@example.com', password: 'demo-password' });
    const tick = () => new Promise((r) => setTimeout(r, 0));
    provider.remove();
    await new Promise((r) => setTimeout(r, 200));
    const base = window.__live();
    let authenticated = 0;
    document.body.append(provider);
    // The leader lock is asked for once the server check is back: wait for it (bounded), not a fixed time.
    for (let i = 0; i < 100 && window.__live().locks < 1; i++) await new Promise((r) => setTimeout(r, 50));
    const mounted = window.__live(); // the probe sees what a mounted provider holds
    provider.remove();
    for (let i = 0; i < 1000; i++) {
      document.body.append(provider);
      await tick();
      if (provider.status === 'authenticated') authenticated++;
      provider.remove();
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = window.__live();
    return { authenticated, base, after, mounted };
  });
  const leaked = Object.fromEntries(Object.keys(result.after).map((k) => [k, result.after[k] - result.base[k]]));
  console.log(`# after 1000 cycles: ${JSON.stringify(leaked)} (baseline ${JSON.stringify(result.base)}); signed in on ${result.authenticated} mounts`);
  assert.ok(result.mounted.channels >= 1 && result.mounted.listeners >= 5 && result.mounted.locks >= 1 && result.mounted.timers >= 1, `a mounted provider is seen holding resources: ${JSON.stringify(result.mounted)}`);
  assert.deepEqual(leaked, { timers: 0, listeners: 0, channels: 0, locks: 0 });
  assert.ok(result.authenticated > 900, 'each mount really started a session from storage');
  await context.close();
});
