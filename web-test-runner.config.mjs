import { backendServer } from './test/dev-server.mjs';
import { engineLauncher } from './test/engines/launchers.mjs';

const server = backendServer();
// Chromium by default; WTR_ENGINE=firefox or webkit runs the same files in the other engines
// (see test/engines/launchers.mjs and `npm run test:engines`).
const engine = process.env.WTR_ENGINE || 'chromium';

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/interop/**', '!test/node/**'],
  nodeResolve: server.nodeResolve,
  plugins: server.plugins,
  middleware: server.middleware,
  browsers: [engineLauncher(engine)],
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
};
