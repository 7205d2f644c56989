import { playwrightLauncher } from '@web/test-runner-playwright';
import { backendServer, chromiumOptions } from './test/dev-server.mjs';

const server = backendServer();

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/interop/**', '!test/node/**'],
  nodeResolve: server.nodeResolve,
  plugins: server.plugins,
  middleware: server.middleware,
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: chromiumOptions })],
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
};
