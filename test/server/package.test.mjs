// The server half ships as `session-elements/bknd` and never reaches the browser: the CDN entry
// (vite.config.ts builds src/index.ts) must not import anything under src/server, and the server
// code must not import browser code (types only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../../', import.meta.url).pathname;

test('the browser entry\'s module graph has no server code', async () => {
  const r = await build({
    entryPoints: [`${root}src/index.ts`], bundle: true, write: false, metafile: true, format: 'esm',
    outdir: '/tmp/unused', logLevel: 'silent', splitting: true,
  });
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(inputs.some((p) => p.includes('src/core/')), 'the graph was walked');
  assert.deepEqual(inputs.filter((p) => /src\/server\/|node_modules\/ioredis\//.test(p)), []);
});

test('server code imports browser code for types only, and no Node built-ins', () => {
  const files = readdirSync(`${root}src/server`, { recursive: true }).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 8);
  for (const f of files) {
    const src = readFileSync(`${root}src/server/${f}`, 'utf8');
    for (const [, kind, spec] of src.matchAll(/^(?:import|export)( type)?[^'"]*from '([^']+)'/gm)) {
      if (spec.includes('/core/') || spec.includes('/elements/')) assert.equal(kind, ' type', `${f}: ${spec}`);
      assert.doesNotMatch(spec, /^node:/, `${f}: ${spec}`);
    }
  }
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  assert.deepEqual(pkg.exports['./bknd'], { types: './dist/server/index.d.ts', default: './dist/server/index.js' });
});
