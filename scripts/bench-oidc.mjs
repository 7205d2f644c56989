// OIDC bench: 8 tabs of one browser on a real oidc-provider (rotating refresh tokens, reuse
// detection on, 4 s access tokens) for 30 s — refresh requests per renewal cycle and grants
// revoked, session-elements vs oidc-client-ts (UserManager, automaticSilentRenew, refresh-token
// renewal, user in localStorage) — and the size of each OIDC client, gzip -9.
//
//   node scripts/bench-oidc.mjs [--seconds 30] [--tabs 8] [--ttl 4]
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { launch, signInOnProviderPages, sleep, startPageServer } from '../test/oidc/harness.mjs';
import { startOidcServer } from './oidc-server.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, tabs: { type: 'string', default: '8' }, ttl: { type: 'string', default: '4' } } });
const seconds = Number(values.seconds);
const tabs = Number(values.tabs);
const ttl = Number(values.ttl);
const lead = ttl / 2; // both clients renew when half of the access token's life is left

const root = new URL('..', import.meta.url).pathname;
const gz = (code) => gzipSync(code, { level: 9 }).length;

async function sizes() {
  const bundle = async (contents, external = []) => {
    const r = await build({ stdin: { contents, resolveDir: root, loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', target: 'es2022', external, logLevel: 'silent' });
    return r.outputFiles[0].contents;
  };
  // The lazy chunk: the oidc backend with oauth4webapi (what it uses of the core comes from the entry).
  const chunk = await bundle(`export { oidc } from './src/core/backends/oidc.ts';`);
  const octsApp = await bundle(`export { UserManager, WebStorageStateStore } from 'oidc-client-ts';`);
  const octsMin = readFileSync(`${root}node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js`);
  return { chunk: gz(chunk), octsApp: gz(octsApp), octsMin: gz(octsMin) };
}

async function run(browser, pages, op, lib) {
  const file = lib === 'session-elements' ? 'page.html' : 'octs.html';
  const url = `${pages.origin}/test/oidc/${file}?${new URLSearchParams({ issuer: op.issuer, refreshBefore: String(lead), lead: String(lead) })}`;
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto(url);
  await first.evaluate(() => window.started);
  first.evaluate(() => (window.session ? window.session.login({}) : window.mgr.signinRedirect())).catch(() => {});
  await first.waitForURL(/\/interaction\//);
  await signInOnProviderPages(first);
  await first.waitForURL((u) => u.pathname.endsWith(file) && !u.searchParams.has('code'));
  await first.evaluate(() => window.started);
  const all = [first];
  for (let i = 1; i < tabs; i++) {
    const p = await context.newPage();
    await p.goto(url);
    await p.evaluate(() => window.started);
    all.push(p);
  }
  op.reset();
  await sleep(seconds * 1000);
  const c = { ...op.counters };
  const signedIn = (
    await Promise.all(
      all.map((p) =>
        p.evaluate(async () => (window.session ? window.session.state.status === 'authenticated' : !!(await window.mgr.getUser()) && !(await window.mgr.getUser()).expired)),
      ),
    )
  ).filter(Boolean).length;
  await context.close();
  const requests = c.refreshGrants + c.refreshErrors;
  const cycles = Math.floor(seconds / (ttl - lead));
  return { lib, requests, rotations: c.refreshGrants, failed: c.refreshErrors, perCycle: requests / cycles, cycles, revoked: c.grantsRevoked, signedIn };
}

const pages = await startPageServer();
const op = await startOidcServer({ accessTtl: ttl, redirectUris: [`${pages.origin}/test/oidc/page.html`, `${pages.origin}/test/oidc/octs.html`] });
const browser = await launch();
try {
  const results = [];
  for (const lib of ['session-elements', 'oidc-client-ts']) results.push(await run(browser, pages, op, lib));
  const s = await sizes();
  const [ours, theirs] = results;
  console.log(`\n${tabs} tabs, access token ${ttl} s, renewal ${lead} s before expiry, ${seconds} s (${ours.cycles} renewal cycles), rotating refresh tokens with reuse detection\n`);
  console.log('| client | refresh requests | per cycle | rotations | refused | grants revoked | tabs signed in at the end |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.lib} | ${r.requests} | ${r.perCycle.toFixed(2)} | ${r.rotations} | ${r.failed} | ${r.revoked} | ${r.signedIn}/${tabs} |`);
  console.log(`\nrequests per cycle, oidc-client-ts / session-elements: ${(theirs.perCycle / ours.perCycle).toFixed(2)}`);
  console.log('\n| size, gzip -9 | bytes |\n|---|---|');
  console.log(`| session-elements oidc chunk (backend + oauth4webapi) | ${s.chunk} |`);
  console.log(`| oidc-client-ts, UserManager bundled (esbuild, minified) | ${s.octsApp} |`);
  console.log(`| oidc-client-ts dist/browser/oidc-client-ts.min.js | ${s.octsMin} |`);
  if (process.env.BENCH_JSON) console.log(JSON.stringify({ results, sizes: s }));
} finally {
  await browser.close();
  await op.stop();
  await pages.stop();
}
