// `npm run build`:
//   dist/**            unbundled ES modules + .d.ts + source maps (tsc), for npm users' bundlers
//   dist/cdn/          one minified self-contained module (vite.config.ts), for <script type="module">,
//                      and session-elements.css (src/style.css minified; also `session-elements/style.css`)
//   custom-elements.json  the manifest (the analyzer, from the elements' JSDoc)
//   dist/types/, dist/vscode/   framework typings and editor data generated from that manifest
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';
import { generateSvelteTypes } from 'custom-element-svelte-integration';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateSolidJsTypes } from 'custom-element-solidjs-integration';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);

function step(name, fn) {
  const started = performance.now();
  fn();
  console.log(`build: ${name} ${Math.round(performance.now() - started)} ms`);
}
function run(cmd, ...args) {
  try {
    execFileSync(bin(cmd), args, { cwd: root, stdio: 'inherit' });
  } catch (e) {
    console.error(`build: \`${cmd} ${args.join(' ')}\` failed (exit ${e.status ?? e.signal})`);
    process.exit(1);
  }
}

// `--cdn <dir>`: only the CDN files, into <dir> (tests that need them before `npm run build`).
const cdnOnly = process.argv.indexOf('--cdn');
if (cdnOnly > 0) {
  const out = process.argv[cdnOnly + 1];
  if (!out) throw new Error('build: --cdn needs an output directory');
  buildCdn(out);
  process.exit(0);
}

// A clean dist: stale modules from renamed sources must not be published.
rmSync(join(root, 'dist'), { recursive: true, force: true });
step('tsc', () => run('tsc', '-p', 'tsconfig.build.json'));
buildCdn(join(root, 'dist/cdn'));
if (existsSync(join(root, 'custom-elements-manifest.config.mjs'))) {
  step('custom-elements.json', () => run('cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'));
}
if (existsSync(join(root, 'custom-elements.json'))) step('dist/types, dist/vscode', generateTypes);

function buildCdn(out) {
  step('cdn bundle', () => run('vite', 'build', '--logLevel', 'warn', '--outDir', out, '--emptyOutDir'));
  step('stylesheet', () => writeFileSync(join(out, 'session-elements.css'), minifyCss(readFileSync(join(root, 'src/style.css')))));
}

/** Vite's own CSS minifier: lightningcss, a dependency of vite, reached through it rather than listed again. */
function minifyCss(code) {
  const { transform } = createRequire(join(root, 'node_modules/vite/package.json'))('lightningcss');
  return transform({ filename: 'style.css', code, minify: true }).code;
}

/** Per-framework typings of every tag's attributes, properties and events, and editor data. */
function generateTypes() {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  // The generators write `CustomEvent<type>` for each event, so give them the detail type, named
  // through the global event map the elements declare: one source of truth, nothing to import.
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      for (const event of decl.events ?? []) event.type = { text: `HTMLElementEventMap['${event.name}']['detail']` };
    }
  }
  // The generators resolve `outdir` against the working directory.
  process.chdir(root);
  const outdir = 'dist/types';
  // The generated .d.ts files import the element classes from the package entry's types.
  const common = { outdir, hideLogs: true, globalTypePath: '../index.js' };
  generateVsCodeCustomElementData(manifest, { outdir: 'dist/vscode', hideLogs: true, htmlFileName: 'html-custom-data.json', cssFileName: 'css-custom-data.json' });
  generateVuejsTypes(manifest, { ...common, fileName: 'vue.d.ts' });
  generateJsxTypes(manifest, { ...common, fileName: 'jsx.d.ts' });
  generateSolidJsTypes(manifest, { ...common, fileName: 'solid.d.ts' });
  generateSvelteTypes(manifest, { ...common, fileName: 'svelte.d.ts' });
  fixSvelteTypes(join(root, outdir, 'svelte.d.ts'));
  // An attribute with no property (<session-list>'s texts: the lazy view reads them) has no field to
  // type it by: the generators write `Class["undefined"]`. Such attributes are strings.
  for (const name of ['jsx', 'solid', 'svelte', 'vue']) {
    const file = join(root, outdir, `${name}.d.ts`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\w+\[(["'])undefined\1\]/g, 'string'));
  }
}

/**
 * custom-element-svelte-integration 1.2 writes Svelte 4 event syntax (`on:x`), Solid's `JSX` types
 * that Svelte lacks, and a `svelteHTML` namespace that stays local to its module. Svelte 5 wants
 * `onx` attributes and a global `svelteHTML.IntrinsicElements`.
 */
function fixSvelteTypes(file) {
  const text = readFileSync(file, 'utf8')
    .replaceAll('"on:', '"on')
    .replaceAll('JSX.Element', 'unknown')
    .replaceAll('JSX.CSSProperties', 'string')
    .replace(/declare namespace svelteHTML \{([^}]*)\}/, 'declare global {\n  namespace svelteHTML {$1}\n}');
  if (/JSX\.|"on:|^\s*declare namespace svelteHTML/m.test(text)) throw new Error(`${file}: the Svelte generator changed; revisit fixSvelteTypes`);
  writeFileSync(file, text);
}
