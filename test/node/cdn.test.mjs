// The CDN file is what `<script type="module" src=".../dist/cdn/session-elements.js">` loads:
// one module with no static imports, whose dynamic imports are sibling chunks beside it (loaded
// only when the configuration needs them), and it defines every element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const dir = new URL('../../dist/cdn/', import.meta.url);
const cdn = readFileSync(new URL('session-elements.js', dir), 'utf8');

test('the CDN bundle has no static imports, and imports only its sibling chunks lazily', () => {
  assert.doesNotMatch(cdn, /(?:^|[;}\s])import\s*(?:[{*"'`]|[\w$]+\s*from)/, 'no import statements');
  const lazy = [...cdn.matchAll(/\bimport\(([^)]*)\)/g)].map((m) => m[1]);
  assert.ok(lazy.length >= 2, 'the refresh backend and JWKS verification are chunks');
  for (const spec of lazy) {
    const path = /^[`'"](\.\/[\w.-]+\.js)[`'"]$/.exec(spec)?.[1];
    assert.ok(path && existsSync(new URL(path, dir)), `${spec} is a sibling chunk`);
  }
});

test('the CDN bundle defines every element', () => {
  // A bundler that believed define.ts side-effect free would keep the classes and drop these calls.
  for (const tag of ['session-provider', 'session-guard', 'session-expiry-warning', 'login-form', 'session-user', 'logout-button']) {
    assert.match(cdn, new RegExp(`customElements\\.define\\([\`'"]${tag}[\`'"]`), tag);
  }
});

test('the framework adapters add nothing to the CDN files', () => {
  // Their strings survive minification: the React event prop map and the composable's errors.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(new URL(file, dir), 'utf8');
    assert.doesNotMatch(code, /onSessionChange|useSession\(\)/, file);
  }
});
