// `npm run test:interop`: build the library, pack it as npm would publish it, install the tarball
// into each framework app (so `exports` and `files` are what the apps resolve), build the apps, and
// drive them in Chromium (run.test.mjs). Prints how long each stage took.
// INTEROP_APPS=vue,html limits the apps; INTEROP_SKIP_BUILD=1 reuses the current dist/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const here = join(root, 'test/interop');
const only = process.env.INTEROP_APPS?.split(',');
const apps = ['vue', 'svelte', 'angular', 'react', 'html'].filter((a) => !only || only.includes(a));
const timings = [];

function stage(name, cwd, cmd, args, { quiet = false } = {}) {
  const started = performance.now();
  console.log(`\n▶ ${name}`);
  const out = execFileSync(cmd, args, {
    cwd,
    stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' },
  });
  timings.push([name, (performance.now() - started) / 1000]);
  return out;
}

try {
  if (!process.env.INTEROP_SKIP_BUILD) stage('build library', root, 'npm', ['run', 'build']);
  // dist/ is fresh (built above, or by the caller with INTEROP_SKIP_BUILD): skip prepack's second build.
  const [{ filename }] = JSON.parse(stage('npm pack', root, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', here], { quiet: true }));
  for (const app of apps) {
    const dir = join(here, app);
    // A repacked tarball keeps its name and version: drop the old copy so npm cannot skip it.
    rmSync(join(dir, 'node_modules/session-elements'), { recursive: true, force: true });
    stage(`${app}: npm install`, dir, 'npm', ['install', '--no-save', join('..', filename)]);
    if (app !== 'html') stage(`${app}: build`, dir, 'npm', ['run', 'build']);
    // Vite does not type-check; the Vue and React typings recipes are checked with the library's tsc.
    if (app === 'vue' || app === 'react') stage(`${app}: typings`, dir, join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json']);
  }
  stage('drive apps in Chromium', root, process.execPath, ['--test', '--test-reporter=spec', join(here, 'run.test.mjs')]);
} catch (e) {
  console.error(`\n✗ ${e.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  console.log('\nstage timings:');
  for (const [name, s] of timings) console.log(`  ${name.padEnd(28)} ${s.toFixed(1).padStart(6)} s`);
}
