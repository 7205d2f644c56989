// The dev-server setup shared by web-test-runner and the multi-tab (playwright-core) tests:
// TypeScript through esbuild, bare imports resolved, and the real backends mounted same-origin.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { createHub, nodeMiddleware } from '../scripts/servers.mjs';

export const chromiumOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** Plugins and middleware for a @web/dev-server with a fresh hub of backends (`hubOptions`: see `createHub`). */
export function backendServer(hubOptions = {}) {
  let mw;
  const ready = createHub({ log: process.env.BKND_LOG || false, ...hubOptions }).then((hub) => (mw = nodeMiddleware(hub)));
  return {
    ready,
    nodeResolve: true,
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('../tsconfig.json', import.meta.url).pathname })],
    middleware: [
      async (ctx, next) => {
        await ready;
        let passed = false;
        await mw(ctx.req, ctx.res, () => (passed = true));
        if (passed) return next();
        ctx.respond = false; // the hub wrote the response itself
        ctx.status = ctx.res.statusCode || 200; // only for the runner's request log
      },
    ],
  };
}
