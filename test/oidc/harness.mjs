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

/**
 * A real Bknd 0.20 (in memory) with a `custom_oauth` strategy `local` of type oidc whose issuer is
 * `issuer` (a local oidc-provider holding the confidential client `BKND_OAUTH_CLIENT`).
 */
export async function createBkndWithOAuth(issuer) {
  const [{ createClient }, { libsql }, { createRuntimeApp }, { randomUUID }] = await Promise.all([
    import('@libsql/client'), import('bknd'), import('bknd/adapter'), import('node:crypto'),
  ]);
  const { client_id, client_secret, token_endpoint_auth_method } = BKND_OAUTH_CLIENT;
  return createRuntimeApp({
    connection: libsql(createClient({ url: ':memory:' })),
    adminOptions: false,
    config: {
      auth: {
        enabled: true,
        jwt: { secret: randomUUID() + randomUUID(), alg: 'HS256', expires: 3600 },
        cookie: { secure: false },
        roles: { user: { is_default: true } },
        default_role_register: 'user',
        strategies: {
          local: {
            type: 'custom_oauth',
            enabled: true,
            config: { type: 'oidc', name: 'local', client: { client_id, client_secret, token_endpoint_auth_method }, as: { issuer } },
          },
        },
      },
    },
  });
}

/** The oidc-provider client Bknd signs in with; its callback is Bknd's, mounted on `origin`. */
export const BKND_OAUTH_CLIENT = { client_id: 'bknd', client_secret: 'bknd-secret-for-tests', token_endpoint_auth_method: 'client_secret_basic' };
export const bkndOAuthClient = (origin) => ({
  ...BKND_OAUTH_CLIENT, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [`${origin}/api/auth/local/callback`],
});
