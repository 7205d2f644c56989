// node:test hooks shared by the multi-tab suites (kept apart from harness.mjs, which the bench
// imports too: importing node:test there would turn the bench into a test run).
import { after, before } from 'node:test';
import { launch, startServer } from './harness.mjs';

/** A dev server with real backends and a browser for the whole file; `env` holds them. */
export function useServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
