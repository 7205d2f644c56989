// Tab chaos: 4 tabs of one browser, a seeded random sequence of sign-ins, sign-outs, refreshes,
// extends, reloads, closed and opened tabs and offline spells, against a real refresh-token server
// with rotating refresh tokens. Afterwards every tab must agree within 1 s, and no tab may have
// been signed out by another tab's refresh. The seed is printed, and a failure names it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sleep, state, until } from './harness.mjs';
import { useServerAndBrowser } from './setup.mjs';

// A fixed seed keeps CI repeatable (this one once found the rotation races); CHAOS_SEED=random explores.
const SEED = process.env.CHAOS_SEED === 'random' ? Date.now() % 100000 : Number(process.env.CHAOS_SEED ?? 14518);
const OPS = Number(process.env.CHAOS_OPS ?? 120);
const USER = { email: 'user@example.com', password: 'password123' };

function prng(seed) {
  // mulberry32: small, seedable, good enough to pick operations
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const env = useServerAndBrowser();

it(`tab chaos: ${OPS} operations over 4 tabs converge (seed ${SEED})`, async () => {
  console.log(`# chaos seed ${SEED} (rerun with CHAOS_SEED=${SEED})`);
  const rand = prng(SEED);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const rt = await env.server.hub('rt?accessTtl=5');
  const url = `${env.server.origin}/test/e2e/tab.html?${new URLSearchParams({ host: rt.host, backend: 'refresh', checkInterval: 3, refreshBefore: 2, warnBefore: 1 })}`;
  const context = await env.browser.newContext();
  const trace = [];
  let ids = 0;
  let offline = false;
  // "Offline" cuts the auth server off (pages still load from the dev server, as from a cache).
  await context.route('**/rt/**', (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  const open = async () => {
    const p = await context.newPage();
    p.__id = ids++;
    await p.goto(url);
    await p.evaluate(() => window.started);
    return p;
  };
  const tabs = [];
  for (let i = 0; i < 4; i++) tabs.push(await open());
  const logouts = []; // every sign-out any tab saw, with its reason
  const collect = async (p) => {
    try {
      const evs = await p.evaluate(() => window.events);
      logouts.push(...evs.filter((e) => e.type === 'session-logout').map((e) => e.detail.reason));
      if (process.env.CHAOS_DEBUG) trace.push(...evs.map((e) => ({ at: e.at, tab: p.__id, type: e.type, detail: JSON.stringify(e.detail).slice(0, 200) })));
    } catch {
      // a page that is closing
    }
  };
  const counts = {};
  const ops = {
    login: (p) => p.evaluate((c) => window.session.login(c).catch((e) => e.code), USER),
    logout: (p) => p.evaluate(() => window.session.logout()),
    refresh: (p) => p.evaluate(() => window.session.refresh()),
    extend: (p) => p.evaluate(() => window.session.extend()),
    reload: async (p) => {
      await collect(p);
      await p.reload();
      await p.evaluate(() => window.started);
    },
    reopen: async (p) => {
      await collect(p);
      tabs.splice(tabs.indexOf(p), 1);
      await p.close();
      tabs.push(await open());
    },
    offline: async () => {
      offline = !offline;
      const type = offline ? 'offline' : 'online';
      await Promise.all(tabs.map((t) => t.evaluate((type) => dispatchEvent(new Event(type)), type)));
    },
    wait: () => sleep(200 + rand() * 800),
  };
  const names = Object.keys(ops);
  const weights = { login: 3, logout: 1, refresh: 2, extend: 1, reload: 1, reopen: 1, offline: 1, wait: 2 };
  const bag = names.flatMap((n) => Array(weights[n]).fill(n));
  try {
    for (let i = 0; i < OPS; i++) {
      const op = pick(bag);
      counts[op] = (counts[op] ?? 0) + 1;
      const tab = pick(tabs);
      trace.push({ at: Date.now(), tab: tab.__id, type: `OP ${op}` });
      await ops[op](tab);
      await sleep(rand() * 60);
    }
    if (offline) await ops.offline();
    // Make the final state deterministic: one last sign-in, then check agreement.
    await ops.login(pick(tabs));
    const t0 = Date.now();
    await until(async () => {
      const s = await Promise.all(tabs.map(state));
      return s.every((x) => x.status === s[0].status && x.user?.email === s[0].user?.email && x.expiresAt === s[0].expiresAt);
    }, 1000, 'tabs to agree', () => Promise.all(tabs.map(state)));
    const converged = Date.now() - t0;
    for (const p of tabs) await collect(p);
    const stats = await (await fetch(`${env.server.origin}/__hub/rt/stats?id=${rt.id}`)).json();
    const byReason = logouts.reduce((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {});
    console.log(`# chaos: ${OPS} ops ${JSON.stringify(counts)}; converged in ${converged} ms; sign-outs seen by reason ${JSON.stringify(byReason)}; server: ${JSON.stringify(stats)}`);
    assert.equal(byReason.invalid ?? 0, 0, 'no tab was signed out because another rotated the refresh token');
    // A refresh token can still be spent twice when a tab closes or reloads mid-refresh (its answer
    // is lost with the page); what matters is that no tab signs out for it, asserted above.
    assert.ok(stats.rejectedRefresh <= 2, `rejected refreshes: ${stats.rejectedRefresh}`);
    assert.equal((await state(tabs[0])).status, 'authenticated');
  } catch (e) {
    if (process.env.CHAOS_DEBUG) for (const t of trace.sort((a, b) => a.at - b.at)) console.log(t.at % 100000, t.tab, t.type, t.detail ?? '');
    e.message = `[chaos seed ${SEED}] ${e.message}`;
    throw e;
  } finally {
    await context.close();
  }
});
