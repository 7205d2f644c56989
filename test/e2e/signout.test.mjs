// A sign-out that leaving the page cannot undo (issue 17, finding 4). The page leaves inside its
// `session-logout` listener, a guard's `redirect` takes it away, or it leaves right after asking, while the server's answer to the
// logout is still on its way (delayed 100 ms here). The page it lands on must be signed out, and
// the browser must hold no cookie the server still takes. 20 trials per transport, real Bknd,
// real Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDevServer } from '@web/dev-server';
import { DEMO_USER } from '../../scripts/servers.mjs';
import { backendServer } from '../dev-server.mjs';
import { launch, sleep } from './harness.mjs';

const TRIALS = Number(process.env.SIGNOUT_TRIALS ?? 20);
let server;
let browser;
let origin;

before(async () => {
  const cfg = backendServer();
  await cfg.ready;
  // Bknd's logout answers 100 ms late: as a real server across a real network would.
  const slowLogout = async (ctx, next) => {
    if (ctx.path === '/api/auth/logout') await sleep(100);
    return next();
  };
  server = await startDevServer({
    config: { rootDir: new URL('../..', import.meta.url).pathname, port: 0, hostname: '127.0.0.1', nodeResolve: true, plugins: cfg.plugins, middleware: [slowLogout, ...cfg.middleware] },
    readCliArgs: false, readFileConfig: false, logStartMessage: false,
  });
  origin = `http://127.0.0.1:${server.server.address().port}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** One sign-in, sign-out and departure; what the landing page found. */
async function trial(page, transport, nav) {
  await page.goto(`${origin}/test/e2e/signout.html?transport=${transport}&nav=${nav}`);
  await page.waitForFunction(() => window.ready);
  await page.evaluate(() => window.ready);
  await page.evaluate((u) => window.provider.login(u), DEMO_USER);
  if (nav === 'guard') await page.evaluate(() => window.armGuard());
  const signOut = nav === 'leave' ? page.evaluate(() => window.leaveNow()) : page.locator('logout-button').getByRole('button', { name: 'Sign out' }).click();
  await Promise.all([page.waitForURL(/landed=1/), signOut]);
  await page.waitForFunction(() => window.ready);
  const status = await page.evaluate(() => window.ready.then(() => window.provider.status));
  // What the server says of the browser's cookie (with header transport Bknd sets one too).
  const cookie = await page.evaluate(async () => (await fetch('/api/auth/me', { credentials: 'include', headers: { accept: 'application/json' } })).status);
  return { signedIn: status === 'authenticated', cookie: cookie === 200 };
}

const HOW = { listener: 'a session-logout listener', guard: 'a guard redirect', leave: 'a navigation right after logout()' };
for (const nav of Object.keys(HOW)) {
  for (const transport of ['cookie', 'header']) {
    test(`${transport} transport, leaving through ${HOW[nav]}: ${TRIALS} sign-outs, none undone`, { timeout: 120_000 }, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const survived = { signedIn: 0, cookie: 0 };
      for (let i = 0; i < TRIALS; i++) {
        const r = await trial(page, transport, nav);
        survived.signedIn += r.signedIn;
        survived.cookie += r.cookie;
      }
      await context.close();
      console.log(`# ${transport}/${nav}: ${TRIALS} trials, landed signed in ${survived.signedIn}, cookie still valid ${survived.cookie}`);
      assert.deepEqual(survived, { signedIn: 0, cookie: 0 });
    });
  }
}
