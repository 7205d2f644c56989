// Fails (exit 1) when custom-elements.json is not what the analyzer makes from the current
// sources: regenerates it into a temporary directory and compares. Fix with `npm run analyze`.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The analyzer resolves --outdir against the working directory, so the scratch copy lives in the
// (ignored) node_modules cache rather than the system temp directory.
const out = join('node_modules', '.cache', `cem-check-${process.pid}`);
try {
  const cem = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
  execFileSync(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], { cwd: root, stdio: 'pipe' });
  const fresh = readFileSync(join(root, out, 'custom-elements.json'), 'utf8');
  let committed = '';
  try {
    committed = readFileSync(join(root, 'custom-elements.json'), 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (JSON.stringify(JSON.parse(fresh)) !== (committed && JSON.stringify(JSON.parse(committed)))) {
    console.error('custom-elements.json is stale: run `npm run analyze` and commit the result.');
    process.exit(1);
  }
  console.log('custom-elements.json is current.');
} finally {
  rmSync(join(root, out), { recursive: true, force: true });
}
