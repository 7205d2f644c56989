// Fails (exit 1) when custom-elements.json is not what the analyzer makes from the current
// sources: regenerates it into a temporary directory and compares. Fix with `npm run analyze`.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The analyzer resolves --outdir against the working directory, so the scratch copy lives in the
// (ignored) node_modules cache rather than the system temp directory.
const cem = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
const canonical = (text) => JSON.stringify(JSON.parse(text));
let committed = '';
try {
  committed = canonical(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
} catch {
  // Missing counts as stale.
}
/** The manifest the analyzer makes now, written to a scratch directory of this run. */
function fresh(attempt) {
  const out = join('node_modules', '.cache', `cem-check-${process.pid}-${attempt}`);
  try {
    execFileSync(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], { cwd: root, stdio: 'pipe' });
    return canonical(readFileSync(join(root, out, 'custom-elements.json'), 'utf8'));
  } finally {
    rmSync(join(root, out), { recursive: true, force: true });
  }
}
// Once in CI (a fresh clone, 2026-12) a first analysis differed from the committed file and the
// next one did not, with no source change between them: a difference is believed only when a
// second analysis makes the same manifest.
const first = fresh(1);
if (first !== committed && (first === fresh(2) || !committed)) {
  const modules = (text) => new Map((text ? JSON.parse(text).modules : []).map((m) => [m.path, JSON.stringify(m)]));
  const now = modules(first);
  const was = modules(committed);
  const differ = [...new Set([...now.keys(), ...was.keys()])].filter((path) => now.get(path) !== was.get(path));
  console.error(`custom-elements.json is stale (${differ.join(', ') || 'top level'}): run \`npm run analyze\` and commit the result.`);
  process.exit(1);
}
console.log('custom-elements.json is current.');
