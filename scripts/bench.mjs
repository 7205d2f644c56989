// `npm run bench`: sizes beside their floor and the alternatives, and what the library costs the
// auth server and the page, measured in real Chromium against real servers. Prints one table and
// writes it to bench-results.json. `--size` measures sizes only and exits non-zero when a size
// budget is exceeded (sizes are deterministic, so CI holds them; timings are only reported).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const sizeOnly = process.argv.includes('--size');
/**
 * Bytes, gzip -9. The goals are the issue's; the budgets are what CI holds: today's sizes plus
 * about 3%, so any growth is a decision. The goals are not met (see the README's "Size and cost" section).
 */
export const BUDGETS = { cdn: 28_000, core: 8_900 };
const GOALS = { cdn: 14_000, core: 5_000 };

const rows = [];
const row = (group, name, value, anchor = '', goal = '') => rows.push({ group, name, value, anchor, goal });

// ---------------------------------------------------------------- sizes
async function bundle(contents, resolveDir = root) {
  const r = await build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent', legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Signature verification is a dynamic import, loaded only when `jwks-url` is set: not counted.
    plugins: [{ name: 'lazy-verify', setup: (b) => b.onResolve({ filter: /\/verify\.js$/ }, (a) => ({ path: a.path, external: true })) }],
  });
  return measure(r.outputFiles[0].contents);
}
const measure = (code) => ({
  min: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const fmt = (s) => `${s.min} min / ${s.gzip} gz / ${s.brotli} br`;

async function sizes() {
  if (!existsSync(`${root}dist/cdn/session-elements.js`)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const { readFileSync } = await import('node:fs');
  const cdn = measure(readFileSync(`${root}dist/cdn/session-elements.js`));
  const core = await bundle(`export * from './src/core/index.ts';`);
  const floor = await bundle(`export { LitElement, html, css } from 'lit'; export { createContext, ContextProvider, ContextConsumer } from '@lit/context'; export { decodeJwt } from 'jose';`);
  const oidc = await bundle(`export { UserManager } from 'oidc-client-ts';`);
  const supabase = await bundle(`export { GoTrueClient } from '@supabase/auth-js';`);
  const hanko = await bundle(`export { register } from '@teamhanko/hanko-elements';`);
  row('size', 'CDN file (all elements, Lit, jose inside)', fmt(cdn), `floor: lit + @lit/context + jose decodeJwt ${fmt(floor)}`, `≤ ${GOALS.cdn} gz`);
  row('size', 'session-elements/core alone', fmt(core), '', `≤ ${GOALS.core} gz`);
  row('size', 'oidc-client-ts UserManager', fmt(oidc));
  row('size', '@supabase/auth-js GoTrueClient', fmt(supabase));
  row('size', '@teamhanko/hanko-elements register', fmt(hanko));
  return { cdn, core };
}

// ---------------------------------------------------------------- runtime
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function runtime() {
  const { launch, startServer, until } = await import('../test/e2e/harness.mjs');
  const server = await startServer();
  const browser = await launch();
  const DEMO = { email: 'demo@example.com', password: 'demo-password' };
  const page = (q) => `${server.origin}/test/bench/page.html?${new URLSearchParams(q)}`;
  const tab = (q) => `${server.origin}/test/e2e/tab.html?${new URLSearchParams(q)}`;
  const open = async (context, url, n, ready = 'window.ready') => {
    const pages = [];
    for (let i = 0; i < n; i++) {
      const p = await context.newPage();
      await p.goto(url);
      await p.evaluate(ready);
      pages.push(p);
    }
    return pages;
  };
  /** Signs in on a bench page, then reloads it `n` times; `measure` runs in the page once `ready` holds. */
  const signedInReloads = async (n, ready, measure) => {
    const { host } = await server.hub('bknd');
    const context = await browser.newContext();
    const [p] = await open(context, page({ host }), 1);
    await p.evaluate((c) => document.querySelector('session-provider').login(c), DEMO);
    const results = [];
    for (let i = 0; i < n; i++) {
      await p.reload();
      await p.evaluate('window.ready');
      await until(() => p.evaluate(ready), 5000, ready);
      results.push(await p.evaluate(measure));
    }
    await context.close();
    return results;
  };
  try {
    // Round trips before protected content, on a reload with a valid stored token.
    const counts = await signedInReloads(5, 'window.seen.content', () => {
      const shownAt = window.seen.content - performance.timeOrigin;
      return performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/') && e.responseEnd <= shownAt).length;
    });
    row('requests', 'round trips before protected content (reload, valid stored token)', `${median(counts)} (runs: ${counts.join(', ')})`, '', '0');
    // Server load: 8 tabs, check-interval 1 s, 10 s window.
    {
      const { host, id } = await server.hub('bknd');
      const context = await browser.newContext();
      const tabs = await open(context, tab({ host, checkInterval: 1 }), 8, 'window.started');
      await tabs[0].evaluate((c) => window.session.login(c), DEMO);
      await sleep(1500);
      await server.hub(`counts?id=${id}&reset=1`);
      const seconds = 10;
      await sleep(seconds * 1000);
      const counts = await server.hub(`counts?id=${id}`);
      const me = counts[`${id} /api/auth/me`] ?? 0;
      row('requests', `server load: 8 tabs, check-interval 1 s, ${seconds} s`, `${me} /me`, `one check per tab: ${8 * seconds}`, `${seconds} (one tab's worth)`);
      await context.close();
    }
    // Refresh storm: 8 tabs at each refresh moment.
    {
      const rt = await server.hub('rt?accessTtl=4');
      const context = await browser.newContext();
      const tabs = await open(context, tab({ host: rt.host, backend: 'refresh', refreshBefore: 2, checkInterval: 0 }), 8, 'window.started');
      await tabs[0].evaluate((c) => window.session.login(c), { email: 'user@example.com', password: 'password123' });
      const before = (await (await fetch(`${server.origin}/__hub/rt/stats?id=${rt.id}`)).json()).refresh;
      await sleep(12_000);
      const stats = await (await fetch(`${server.origin}/__hub/rt/stats?id=${rt.id}`)).json();
      const refreshEvents = await tabs[7].evaluate(() => window.events.filter((e) => e.type === 'session-refresh').length);
      const cycles = Math.max(1, refreshEvents);
      row('requests', 'refresh storm: 8 tabs, token 4 s, refreshed 2 s ahead, 12 s', `${((stats.refresh - before) / cycles).toFixed(2)} per cycle (${stats.refresh - before} in ${cycles} cycles, ${stats.rejectedRefresh} rejected)`, 'one per tab: 8', '1');
      await context.close();
    }
    // Propagation: sign-out in one of 8 tabs until every other shows its fallback.
    {
      const { host } = await server.hub('bknd');
      const context = await browser.newContext();
      const tabs = await open(context, page({ host, 'check-interval': 0 }), 8);
      const times = [];
      for (let trial = 0; trial < 20; trial++) {
        await tabs[trial % 8].evaluate((c) => document.querySelector('session-provider').login(c), DEMO);
        await until(async () => (await Promise.all(tabs.map((t) => t.evaluate(() => document.getElementById('content').checkVisibility())))).every(Boolean), 5000, 'signed in everywhere');
        await Promise.all(tabs.map((t) => t.evaluate(() => (window.seen = window.watch()))));
        const from = tabs[(trial + 3) % 8];
        const t0 = await from.evaluate(() => {
          const t = Date.now();
          document.querySelector('session-provider').logout();
          return t;
        });
        const others = tabs.filter((t) => t !== from);
        await until(async () => (await Promise.all(others.map((t) => t.evaluate(() => window.seen.fallback)))).every(Boolean), 5000, 'fallback everywhere');
        const last = Math.max(...(await Promise.all(others.map((t) => t.evaluate(() => window.seen.fallback)))));
        times.push(last - t0);
      }
      row('time', 'sign-out propagation to all 7 other tabs (20 trials)', `p50 ${median(times)} ms, p95 ${pct(times, 95)} ms`, '', 'p95 ≤ 50 ms');
      await context.close();
    }
    // Start-up: module evaluation to the first session-change from storage.
    const runs = await signedInReloads(15, 'window.marks.firstChange', () => window.marks.firstChange - window.marks.t0);
    row('time', 'start-up: module evaluation to first session-change from storage (CDN file, 15 runs)', `median ${median(runs).toFixed(1)} ms`);
    // Leaks: 1000 mount/unmount cycles of a provider with children.
    {
      const { host } = await server.hub('bknd');
      const context = await browser.newContext();
      const [p] = await open(context, `${server.origin}/test/bench/page.html?${new URLSearchParams({ host, 'check-interval': 60 })}`, 1);
      const result = await p.evaluate(async () => {
        const provider = document.querySelector('session-provider');
        provider.remove();
        await new Promise((r) => setTimeout(r, 100));
        const base = window.__live();
        for (let i = 0; i < 1000; i++) {
          document.body.append(provider);
          await new Promise((r) => setTimeout(r, 0));
          provider.remove();
        }
        await new Promise((r) => setTimeout(r, 500));
        const after = window.__live();
        return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - base[k]]));
      });
      row('leaks', 'live after 1000 mount/unmount cycles (beyond the page’s own)', JSON.stringify(result), '', '0 each');
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

const { cdn, core } = await sizes();
if (!sizeOnly) await runtime();

const width = (k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
const cols = ['group', 'name', 'value', 'anchor', 'goal'];
const line = (r) => cols.map((k) => String(r[k]).padEnd(width(k))).join(' | ');
console.log(line(Object.fromEntries(cols.map((k) => [k, k]))));
console.log(cols.map((k) => '-'.repeat(width(k))).join('-|-'));
for (const r of rows) console.log(line(r));
writeFileSync(`${root}bench-results.json`, JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));

const over = [];
if (cdn.gzip > BUDGETS.cdn) over.push(`CDN file ${cdn.gzip} B gzip > budget ${BUDGETS.cdn}`);
if (core.gzip > BUDGETS.core) over.push(`core ${core.gzip} B gzip > budget ${BUDGETS.core}`);
if (over.length) {
  console.error(`size budget exceeded: ${over.join('; ')}`);
  process.exit(1);
}
console.log(`size budgets held: CDN ${cdn.gzip} ≤ ${BUDGETS.cdn}, core ${core.gzip} ≤ ${BUDGETS.core} (bytes, gzip -9)`);
