// First paint: what a visitor sees before and just after the CDN script defines the elements.
// The page is the README's quick-start markup (taken from README.md, so the test follows it), the
// CDN files are built from the sources into a temp dir (`npm test` runs before `npm run build`),
// served at a jsDelivr URL through page.route, the script at once or 1.5 s late, and the session
// is a real Bknd on the page's origin. A requestAnimationFrame recorder, installed before the page
// parses, notes for every frame, from navigation to 500 ms after <session-guard> is defined (and
// the first check settled), which of the guard's slot children are painted.
//   signed in:  the fallback never paints      signed out: the protected content never paints
// The same pages without the stylesheet are recorded and printed, not asserted: that is the bug the
// stylesheet fixes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createHub, DEMO_USER } from '../../scripts/servers.mjs';
import { chromiumOptions } from '../dev-server.mjs';
import { serveApp } from '../interop/server.mjs';

const root = new URL('../..', import.meta.url).pathname;
const CDN = 'https://cdn.jsdelivr.net/npm/session-elements@';
const LATE = 1500;
/** The guard's children, by the slot they are written for. */
const SLOTS = { content: 'session-guard > :not([slot])', fallback: 'session-guard > [slot=fallback]', loading: 'session-guard > [slot=loading]' };

/** The first html block under "## Quick start" in the README, talking to the page's own origin. */
function quickStart() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /## Quick start[\s\S]*?```html\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README.md has an html block under "## Quick start"');
  assert.match(block, /<link rel="stylesheet" href="https:\/\/cdn\.jsdelivr\.net\/npm\/session-elements@[^"]+\/dist\/cdn\/session-elements\.css">/, 'the quick start links the stylesheet');
  return block.replace(/\shost="[^"]*"/, '');
}

/**
 * A page whose fallback has text of its own (the quick start's empty `<login-form>` paints nothing
 * before it is defined), and bare text in the guard.
 */
const TEXT_SLOTS = `<link rel="stylesheet" href="${CDN}0.1.0/dist/cdn/session-elements.css">
<script type="module" src="${CDN}0.1.0/dist/cdn/session-elements.js"></script>
<session-provider transport="cookie">
  <session-guard>
    <section><h1>Your orders</h1><p>Signed in as <session-user field="email"><span slot="fallback">nobody</span></session-user></p></section>
    Bare protected text.
    <section slot="fallback"><h1>Please sign in</h1><login-form></login-form></section>
    <p slot="loading">Checking your session…</p>
  </session-guard>
</session-provider>`;

let dir, hub, browser, server;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'first-paint-'));
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--cdn', join(dir, 'cdn')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const pages = { 'quick-start': quickStart(), 'text-slots': TEXT_SLOTS };
  for (const [name, html] of Object.entries(pages)) {
    writeFileSync(join(dir, `${name}.html`), `<!doctype html>\n${html}`);
    writeFileSync(join(dir, `${name}-no-css.html`), `<!doctype html>\n${html.replace(/<link rel="stylesheet"[^>]*>\n?/, '')}`);
  }
  [hub, browser] = await Promise.all([createHub({ log: false }), chromium.launch(chromiumOptions)]);
  server = await serveApp(dir, hub);
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Serves the built CDN files at the jsDelivr URL; the script `delay` ms late, the stylesheet at once. */
async function routeCdn(page, delay) {
  await page.route(`${CDN}*/dist/cdn/*`, async (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop();
    const css = file.endsWith('.css');
    if (!css && delay) await new Promise((r) => setTimeout(r, delay));
    await route.fulfill({
      path: join(dir, 'cdn', file),
      headers: { 'content-type': css ? 'text/css' : 'text/javascript', 'access-control-allow-origin': '*' },
    }).catch(() => {}); // the page may be gone by then
  });
}

/** Runs in the page before anything is parsed: one record per animation frame. */
function recordFrames(slots) {
  const painted = (el) => {
    if (!el?.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
    const r = el.getBoundingClientRect(); // an undefined, empty <login-form> has a box but paints nothing
    return r.width > 0 && r.height > 0;
  };
  const rec = (window.__paint = { frames: [], upgradedAt: null, done: false });
  customElements.whenDefined('session-guard').then(() => (rec.upgradedAt = performance.now()));
  const frame = () => {
    const status = document.querySelector('session-provider')?.getAttribute('status');
    const f = { t: Math.round(performance.now()), defined: rec.upgradedAt !== null, status };
    for (const [name, selector] of Object.entries(slots)) f[name] = painted(document.querySelector(selector));
    // The guard's bare text: painted when the guard's own text nodes have a visible box.
    const guard = document.querySelector('session-guard');
    const text = guard && [...guard.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
    if (text) {
      const range = document.createRange();
      range.selectNodeContents(text);
      f.bareText = range.getClientRects().length > 0 && getComputedStyle(guard).visibility !== 'hidden';
    }
    rec.frames.push(f);
    // From navigation to 500 ms after the upgrade, and until the first check has answered.
    if (rec.upgradedAt !== null && f.t - rec.upgradedAt >= 500 && status && status !== 'loading') rec.done = true;
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function signIn(context, page) {
  const tab = await context.newPage();
  await routeCdn(tab, 0);
  await tab.goto(`${server.url}/${page}.html`);
  await tab.locator('session-provider[status="unauthenticated"]').waitFor({ state: 'attached' });
  await tab.evaluate((u) => document.querySelector('session-provider').login(u), DEMO_USER);
  await tab.locator('session-provider[status="authenticated"]').waitFor({ state: 'attached' });
  await tab.close();
}

/** Loads `page` in a fresh context (signed in first, or not) and returns its frame record. */
async function record({ page, signedIn, delay }) {
  const context = await browser.newContext();
  try {
    if (signedIn) await signIn(context, page.replace('-no-css', ''));
    const tab = await context.newPage();
    await routeCdn(tab, delay);
    await tab.addInitScript(recordFrames, SLOTS);
    await tab.goto(`${server.url}/${page}.html`);
    await tab.waitForFunction(() => window.__paint.done, null, { timeout: 15_000 });
    const { frames, upgradedAt } = await tab.evaluate(() => window.__paint);
    return { frames, upgradedAt };
  } finally {
    await context.close();
  }
}

/** How many frames, before and after the upgrade, showed each slot. */
function summarize({ frames }) {
  const out = {};
  for (const phase of ['before', 'after']) {
    const list = frames.filter((f) => f.defined === (phase === 'after'));
    const counts = { frames: list.length };
    for (const name of [...Object.keys(SLOTS), 'bareText']) {
      if (list.some((f) => name in f)) counts[name] = list.filter((f) => f[name]).length;
    }
    out[phase] = counts;
  }
  return out;
}

test('the shipped stylesheet is small and every rule applies only to elements not defined yet', () => {
  const css = readFileSync(join(dir, 'cdn', 'session-elements.css'), 'utf8');
  assert.ok(css.length < 600, `a few hundred bytes (${css.length})`);
  const selectors = [...css.matchAll(/([^{}]+)\{[^}]*\}/g)].flatMap((m) => m[1].split(','));
  assert.ok(selectors.length >= 6, 'has rules');
  for (const s of selectors) assert.match(s, /^[a-z-]+:not\(:defined\)/, `${s}: starts with an undefined custom element`);
});

const rows = [];
after(() => {
  console.log('\nfirst-paint frame record (frames in which each slot child was painted):');
  console.log('page                   session     script  css | before upgrade                               | after upgrade (500 ms+)');
  for (const r of rows) {
    const fmt = (c) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`${r.page.padEnd(22)} ${r.session.padEnd(11)} ${r.script.padEnd(7)} ${r.css.padEnd(3)} | ${fmt(r.before).padEnd(44)} | ${fmt(r.after)}`);
  }
});

for (const page of ['quick-start', 'text-slots']) {
  for (const delay of [LATE, 0]) {
    for (const signedIn of [true, false]) {
      const name = `${page}, ${signedIn ? 'signed in' : 'signed out'}, script ${delay ? `${delay} ms late` : 'at once'}`;
      test(`${name}: with the stylesheet only the right slot ever paints`, { timeout: 60_000 }, async () => {
        const rec = await record({ page, signedIn, delay });
        const sum = summarize(rec);
        rows.push({ page, session: signedIn ? 'signed in' : 'signed out', script: delay ? 'late' : 'at once', css: 'yes', ...sum });
        const wrong = signedIn ? 'fallback' : 'content';
        const right = signedIn ? 'content' : 'fallback';
        const bad = rec.frames.filter((f) => f[wrong] || (!signedIn && f.bareText));
        assert.deepEqual(bad, [], `no frame paints the ${wrong}`);
        // Before the upgrade only the loading slot; the late script makes sure such frames exist.
        const early = rec.frames.filter((f) => !f.defined);
        if (delay) assert.ok(early.some((f) => f.loading), 'the loading slot painted while the script was on its way');
        assert.deepEqual(early.filter((f) => f.content || f.fallback || f.bareText), [], 'nothing but the loading slot before the upgrade');
        const last = rec.frames.at(-1);
        assert.ok(last[right], `the ${right} is painted at the end`);
        if (signedIn) assert.ok(rec.frames.filter((f) => f.defined).every((f) => !f.loading), 'a signed-in reload shows the content at once after the upgrade');
      });
      test(`${name}: without the stylesheet (recorded, not asserted)`, { timeout: 60_000 }, async () => {
        const rec = await record({ page: `${page}-no-css`, signedIn, delay });
        rows.push({ page, session: signedIn ? 'signed in' : 'signed out', script: delay ? 'late' : 'at once', css: 'no', ...summarize(rec) });
        assert.ok(rec.frames.some((f) => f.defined), 'recorded past the upgrade');
      });
    }
  }
}
