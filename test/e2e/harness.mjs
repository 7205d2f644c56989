// Shared by the multi-tab tests: a dev server with the real backends, and Debian's Chromium.
import { startDevServer } from '@web/dev-server';
import { chromium } from 'playwright-core';
import { backendServer, chromiumOptions } from '../dev-server.mjs';

/** `hubOptions`: see `createHub` (e.g. `{ sessions }`: the default Bknd at /api with the sessions plugin). */
export async function startServer(hubOptions) {
  const cfg = backendServer(hubOptions);
  await cfg.ready;
  const server = await startDevServer({
    config: { rootDir: new URL('../..', import.meta.url).pathname, port: 0, hostname: '127.0.0.1', nodeResolve: true, plugins: cfg.plugins, middleware: cfg.middleware },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  const { port } = server.server.address();
  const origin = `http://127.0.0.1:${port}`;
  const hub = async (path) => (await fetch(`${origin}/__hub/${path}`, { method: 'POST', body: '{}' })).json();
  return { origin, hub, stop: () => server.stop() };
}

export async function launch() {
  return chromium.launch({ ...chromiumOptions, headless: true });
}

/** Opens `n` tabs of one browser context (they share storage, BroadcastChannel and Web Locks). */
export async function openTabs(context, url, n) {
  const pages = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(() => window.started);
    pages.push(page);
  }
  return pages;
}

export const state = (page) => page.evaluate(() => window.session.state);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(fn, timeout = 5000, what = 'condition', onTimeout) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${onTimeout ? `: ${JSON.stringify(await onTimeout())}` : ''}`);
    await sleep(25);
  }
}
