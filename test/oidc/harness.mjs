// Shared by the OIDC tests and the OIDC bench: a dev server for the page (TypeScript through
// esbuild), a real oidc-provider whose public client redirects to that page, and Debian's Chromium.
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromium } from 'playwright-core';
import { chromiumOptions } from '../dev-server.mjs';
import { startOidcServer, signInOnProviderPages } from '../../scripts/oidc-server.mjs';

export { signInOnProviderPages };

export async function startPageServer(middleware = []) {
  const root = new URL('../..', import.meta.url).pathname;
  const server = await startDevServer({
    config: {
      rootDir: root, port: 0, hostname: '127.0.0.1', nodeResolve: true, middleware,
      plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: root + 'tsconfig.json' })],
    },
    readCliArgs: false, readFileConfig: false, logStartMessage: false,
  });
  return { origin: `http://127.0.0.1:${server.server.address().port}`, stop: () => server.stop() };
}

/** The page server plus an oidc-provider for it; `url(params)` is the test page. */
export async function startOidcEnv(opOptions = {}) {
  const pages = await startPageServer();
  const redirect = `${pages.origin}/test/oidc/page.html`;
  const op = await startOidcServer({ redirectUris: [redirect], ...opOptions });
  return {
    origin: pages.origin,
    op,
    redirect,
    url: (params = {}) => `${redirect}?${new URLSearchParams({ issuer: op.issuer, ...params })}`,
    stop: async () => { await op.stop(); await pages.stop(); },
  };
}

export const launch = () => chromium.launch({ ...chromiumOptions, headless: true });
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(fn, timeout = 10_000, what = 'condition') {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
